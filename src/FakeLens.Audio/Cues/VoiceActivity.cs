namespace FakeLens.Audio.Cues;

// Energy + spectral-flatness voice-activity detection on the 10 ms frame grid of the LFCC extractor (20 ms frames),
// in the spirit of Moattar & Homayounpour ("A simple but efficient real-time voice activity detection algorithm",
// EUSIPCO 2009), which combines short-time energy with spectral flatness. A frame is speech when
//   • its energy is at least 12 dB above the noise floor (10th percentile of frame energies) and within 50 dB of the
//     loudest frame, and above −65 dBFS; and
//   • its spectral flatness (geometric / arithmetic mean of the power spectrum, 100 Hz–4 kHz) is below 0.45, or its
//     energy is 25 dB above the floor (loud fricatives are noise-like but clearly not background).
// Stationary noise has flatness ≈ 0.56 for a periodogram and stays near the floor, so it is not speech; a tone or a
// voiced vowel has flatness near 0. Gaps shorter than 100 ms between speech frames are filled (stops, short
// closures) and speech runs shorter than 50 ms are dropped (clicks). Silence therefore cannot decide a score: every
// statistic of the speech model is taken over speech frames only.
public static class VoiceActivity
{
    public const double MinAboveFloorDb = 12;
    public const double MaxBelowPeakDb = 50;
    public const double AbsoluteFloorDb = -65;
    public const double MaxFlatness = 0.45;
    public const double LoudAboveFloorDb = 25;
    public const int FillGapFrames = 10;
    public const int MinRunFrames = 5;

    /// <summary>Speech flags per frame from frame energies (dBFS) and spectral flatness (0..1).</summary>
    public static bool[] Detect(ReadOnlySpan<float> energyDb, ReadOnlySpan<float> flatness)
    {
        var n = energyDb.Length;
        var speech = new bool[n];
        if (n == 0)
        {
            return speech;
        }

        var sorted = energyDb.ToArray();
        Array.Sort(sorted);
        var floor = sorted[(int)(0.1 * (n - 1))];
        var peak = sorted[n - 1];
        for (var t = 0; t < n; t++)
        {
            var e = energyDb[t];
            var loudEnough = e >= floor + MinAboveFloorDb && e >= peak - MaxBelowPeakDb && e >= AbsoluteFloorDb;
            speech[t] = loudEnough && (flatness[t] < MaxFlatness || e >= floor + LoudAboveFloorDb);
        }

        Smooth(speech);
        return speech;
    }

    /// <summary>Fills gaps shorter than <see cref="FillGapFrames"/> between speech frames and drops speech runs shorter than <see cref="MinRunFrames"/>.</summary>
    public static void Smooth(bool[] speech)
    {
        ArgumentNullException.ThrowIfNull(speech);
        var n = speech.Length;

        // Fill short gaps.
        var last = -1;
        for (var t = 0; t < n; t++)
        {
            if (!speech[t])
            {
                continue;
            }

            if (last >= 0 && t - last - 1 is > 0 and < FillGapFrames)
            {
                for (var g = last + 1; g < t; g++)
                {
                    speech[g] = true;
                }
            }

            last = t;
        }

        // Drop short runs.
        var start = -1;
        for (var t = 0; t <= n; t++)
        {
            var on = t < n && speech[t];
            if (on && start < 0)
            {
                start = t;
            }
            else if (!on && start >= 0)
            {
                if (t - start < MinRunFrames)
                {
                    Array.Clear(speech, start, t - start);
                }

                start = -1;
            }
        }

    }
}
