using System.Buffers.Binary;
using FakeLens.Core.Detection;

namespace FakeLens.Audio.Decoding;

/// <summary>
/// Reads and writes RIFF/WAVE PCM: 8/16/24/32-bit integer and 32-bit float (also WAVE_FORMAT_EXTENSIBLE), any
/// channel count up to 32, mixed down to mono. Hostile headers cannot make it allocate more than the bytes it was
/// given: every chunk size is checked against what is really there, and a data size that lies (bigger than the
/// file, or the 0xFFFFFFFF streaming marker) is clipped to the bytes present. Errors are <see cref="MediaException"/>
/// with a message saying what is wrong.
/// </summary>
public static class WavIo
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;
    private const int MaxChannels = 32;
    private const int MaxChunks = 10_000;

    public static WavAudio Read(ReadOnlySpan<byte> bytes, CancellationToken cancellationToken = default)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw Corrupt(bytes.Length >= 4 && bytes[..4].SequenceEqual("RIFX"u8)
                ? "big-endian WAV (RIFX) is not supported"
                : "not a WAV file (no RIFF/WAVE header)", "unsupported");
        }

        var pos = 12;
        int? format = null;
        int channels = 0, rate = 0, bits = 0, blockAlign = 0;
        var chunks = 0;
        while (pos + 8 <= bytes.Length)
        {
            if (++chunks > MaxChunks)
            {
                throw Corrupt($"more than {MaxChunks} chunks before the audio data");
            }

            var id = bytes.Slice(pos, 4);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4));
            var bodyStart = pos + 8;
            var available = bytes.Length - bodyStart;
            if (id.SequenceEqual("fmt "u8))
            {
                if (declared < 16 || available < 16)
                {
                    throw Corrupt($"format chunk is {Math.Min(declared, (uint)available)} bytes; at least 16 are needed");
                }

                var fmt = bytes.Slice(bodyStart, 16);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (format == FormatExtensible && declared >= 40 && available >= 40)
                {
                    // The first two bytes of the sub-format GUID carry the real format tag.
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(bodyStart + 24, 2));
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw Corrupt("the audio data comes before any format chunk");
                }

                var length = declared > (uint)available ? available : (int)declared;
                return Decode(bytes.Slice(bodyStart, length), format.Value, channels, rate, bits, blockAlign, cancellationToken);
            }

            var skip = (long)declared + (declared & 1);
            if (skip > available)
            {
                break;
            }

            pos = (int)(bodyStart + skip);
        }

        throw Corrupt(format is null ? "no format chunk found" : "no audio data chunk found (file truncated?)");
    }

    /// <summary>Writes mono samples (clipped to −1..1) as 16-bit PCM, or as 32-bit float when <paramref name="asFloat"/>.</summary>
    public static byte[] Write(ReadOnlySpan<float> samples, int sampleRate, bool asFloat = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var bytesPerSample = asFloat ? 4 : 2;
        var dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes > int.MaxValue - 64)
        {
            throw new ArgumentException("too many samples for one WAV file", nameof(samples));
        }

        var output = new byte[44 + dataBytes];
        var span = output.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], asFloat ? FormatFloat : FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * bytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)bytesPerSample);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], (ushort)(bytesPerSample * 8));
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        var body = span[44..];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = float.IsNaN(samples[i]) ? 0f : Math.Clamp(samples[i], -1f, 1f);
            if (asFloat)
            {
                BinaryPrimitives.WriteSingleLittleEndian(body[(i * 4)..], v);
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(body[(i * 2)..], (short)Math.Round(v * 32767f));
            }
        }

        return output;
    }

    private static WavAudio Decode(ReadOnlySpan<byte> data, int format, int channels, int rate, int bits, int blockAlign, CancellationToken cancellationToken)
    {
        if (format is not (FormatPcm or FormatFloat))
        {
            throw Corrupt($"WAV sample format 0x{format:X4} is not supported (only PCM and IEEE float)", "unsupported");
        }

        if (channels is < 1 or > MaxChannels)
        {
            throw Corrupt($"the header claims {channels} channels (1 to {MaxChannels} are accepted)");
        }

        if (rate is < 1000 or > 768_000)
        {
            throw Corrupt($"the header claims a sample rate of {rate} Hz (1 kHz to 768 kHz are accepted)");
        }

        var valid = format == FormatFloat ? bits == 32 : bits is 8 or 16 or 24 or 32;
        if (!valid)
        {
            throw Corrupt($"{bits}-bit {(format == FormatFloat ? "float" : "integer")} samples are not supported", "unsupported");
        }

        var bytesPerSample = bits / 8;
        var frameBytes = bytesPerSample * channels;
        if (blockAlign != 0 && blockAlign != frameBytes)
        {
            throw Corrupt($"block size {blockAlign} does not match {channels} channel(s) of {bits}-bit samples");
        }

        var frames = data.Length / frameBytes;
        var samples = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            if ((f & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var frame = data.Slice(f * frameBytes, frameBytes);
            double sum = 0;
            for (var c = 0; c < channels; c++)
            {
                var s = frame.Slice(c * bytesPerSample, bytesPerSample);
                sum += (format, bits) switch
                {
                    (FormatFloat, _) => Sanitise(BinaryPrimitives.ReadSingleLittleEndian(s)),
                    (_, 8) => (s[0] - 128) / 128.0,
                    (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
                    (_, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608.0,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
                };
            }

            samples[f] = (float)(sum / channels);
        }

        return new WavAudio(samples, rate, channels, bits, format == FormatFloat);
    }

    private static double Sanitise(float v) => float.IsFinite(v) ? Math.Clamp(v, -1f, 1f) : 0.0;

    private static MediaException Corrupt(string message, string code = "corrupt") =>
        new("WAV: " + message) { Code = code };
}
