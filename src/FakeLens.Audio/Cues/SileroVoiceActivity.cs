using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FakeLens.Audio.Cues;

// Silero VAD v5 (Silero Team, "Silero VAD: pre-trained enterprise-grade Voice Activity Detector", 2024; MIT), the
// ONNX file shipped in the npm package @ricky0123/vad-web 0.0.31 (ISC), installed by scripts/bootstrap.sh into
// .fakelens/models/silero_vad_v5.onnx and run here through ONNX Runtime. The model reads 512-sample chunks (32 ms)
// at 16 kHz with a recurrent state [2, batch, 128] and returns the probability that the chunk holds speech. As the
// official silero-vad OnnxWrapper does at 16 kHz, each chunk is preceded by the 64 samples before it (input 576
// samples): without that context (vad-web's way) a steady 220 Hz tone read as speech for its first ~0.5 s, with it
// for ~0.1 s, while real speech scores the same. Speed: the state is carried within segments of 128 chunks (4.1 s)
// and the segments run side by side as one batch, so a 10-minute file takes ~128 model calls instead of ~18,750;
// each segment starts from a zero state, which costs a few chunks of warm-up at its start (measured in
// `fakelens eval speech --vad`). A chunk is speech at probability ≥ 0.5 (vad-web's positiveSpeechThreshold); the
// flags are mapped onto the 10 ms frame grid of SpeechFrames and smoothed as in the energy VAD (gaps < 100 ms
// filled, runs < 50 ms dropped).
public sealed class SileroVoiceActivity : IDisposable
{
    public const string FileName = "silero_vad_v5.onnx";
    public const int SampleRate = 16_000;
    public const int ChunkSamples = 512;
    public const int ContextSamples = 64;
    public const int SegmentChunks = 128;
    public const float Threshold = 0.5f;
    private static readonly Lazy<SileroVoiceActivity?> Shared = new(() =>
    {
        var path = Locate();
        return path is null ? null : new SileroVoiceActivity(path);
    });

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _stateName;
    private readonly string _rateName;
    private readonly object _gate = new();

    public SileroVoiceActivity(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(modelPath, options);
        var names = _session.InputMetadata.Keys.ToList();
        _inputName = names.FirstOrDefault(n => n == "input") ?? names[0];
        _stateName = names.FirstOrDefault(n => n == "state") ?? throw new InvalidDataException($"{modelPath}: no 'state' input (not Silero VAD v5).");
        _rateName = names.FirstOrDefault(n => n == "sr") ?? throw new InvalidDataException($"{modelPath}: no 'sr' input (not Silero VAD v5).");
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    /// <summary>The installed model (loaded once per process), or null when it is not installed.</summary>
    public static SileroVoiceActivity? Default => Shared.Value;

    /// <summary>
    /// The model file: <c>FAKELENS_SILERO_VAD</c> when set, else <c>.fakelens/models/silero_vad_v5.onnx</c> in the
    /// nearest folder above the running program or the current directory; null when absent.
    /// </summary>
    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("FAKELENS_SILERO_VAD") is { Length: > 0 } env)
        {
            return File.Exists(env) ? env : null;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".fakelens", "models", FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Speech probability per 512-sample chunk of 16 kHz mono audio (the last partial chunk zero-padded).</summary>
    public float[] ChunkProbabilities(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        var chunks = (samples.Length + ChunkSamples - 1) / ChunkSamples;
        var result = new float[chunks];
        if (chunks == 0)
        {
            return result;
        }

        var batch = (chunks + SegmentChunks - 1) / SegmentChunks;
        var steps = Math.Min(chunks, SegmentChunks);
        const int width = ContextSamples + ChunkSamples;
        var input = new DenseTensor<float>([batch, width]);
        var state = new DenseTensor<float>([2, batch, 128]);
        var rate = new DenseTensor<long>(new[] { (long)SampleRate }, []);
        lock (_gate)
        {
            for (var step = 0; step < steps; step++)
            {
                if ((step & 15) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var buffer = input.Buffer.Span;
                buffer.Clear();
                for (var b = 0; b < batch; b++)
                {
                    var chunk = (b * SegmentChunks) + step;
                    if (chunk < chunks)
                    {
                        // Context and chunk: samples [offset − 64, offset + 512), zero outside the signal.
                        var from = (chunk * ChunkSamples) - ContextSamples;
                        var skip = Math.Max(0, -from);
                        var n = Math.Min(width, samples.Length - from) - skip;
                        samples.Slice(from + skip, n).CopyTo(buffer.Slice((b * width) + skip, n));
                    }
                }

                using var outputs = _session.Run(
                [
                    NamedOnnxValue.CreateFromTensor(_inputName, input),
                    NamedOnnxValue.CreateFromTensor(_stateName, state),
                    NamedOnnxValue.CreateFromTensor(_rateName, rate),
                ]);
                Tensor<float>? probs = null;
                Tensor<float>? next = null;
                foreach (var o in outputs)
                {
                    var t = o.AsTensor<float>();
                    if (t.Dimensions.Length == 3)
                    {
                        next = t;
                    }
                    else
                    {
                        probs = t;
                    }
                }

                if (probs is null || next is null)
                {
                    throw new InvalidDataException($"{ModelPath}: unexpected outputs (not Silero VAD v5).");
                }

                var i = 0;
                foreach (var v in next)
                {
                    state.Buffer.Span[i++] = v;
                }

                for (var b = 0; b < batch; b++)
                {
                    var chunk = (b * SegmentChunks) + step;
                    if (chunk < chunks)
                    {
                        result[chunk] = probs.GetValue(b);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Speech flags on the 10 ms grid of <see cref="SpeechFrames"/> (frame t starts at sample 160·t).</summary>
    public bool[] Detect(ReadOnlySpan<float> samples, int frameCount, CancellationToken cancellationToken = default)
    {
        var probs = ChunkProbabilities(samples, cancellationToken);
        var speech = new bool[frameCount];
        for (var t = 0; t < frameCount; t++)
        {
            var centre = (t * 160) + 160;
            var chunk = Math.Min(probs.Length - 1, centre / ChunkSamples);
            speech[t] = chunk >= 0 && probs[chunk] >= Threshold;
        }

        VoiceActivity.Smooth(speech);
        return speech;
    }

    public void Dispose() => _session.Dispose();
}
