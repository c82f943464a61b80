using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FakeLens.Imaging.Features;

/// <summary>
/// Pretrained deep features of one patch: the 512-d global-average-pooled output of ImageNet ResNet-18 (He et
/// al. 2016, "Deep residual learning"), as shipped in NuGet <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>
/// 0.24.0 (MIT; CNTK export, input 1×3×224×224 BGR minus the package's 224×224 mean image, applied by its
/// <c>ResNetPreprocess.onnx</c>), run with ONNX Runtime on one thread per call. Frozen ImageNet features carry
/// generator traces that transfer to unseen generators far better than features trained end to end on few
/// generators (Ojha et al. 2023, "Towards universal fake image detectors", with CLIP; Cozzolino et al. 2024).
/// The network sees a native-resolution 224 px centre crop of the patch (256 px patches lose 16 px a side),
/// never a resized image, because resizing erases the high-frequency traces the detector is after; smaller
/// patches are mirror-padded to 224 px (such images are reported as low-reliability by the detector).
/// Measured on the issue-13 corpus (docs/image-model.md): leave-one-family-out AUC with these features alone
/// and with the hand-made families, same patches, same LightGBM head.
/// The two sessions are loaded once per process from <c>onnx/</c> next to the assembly and are thread-safe.
/// </summary>
public sealed class ResNet18Features
{
    public const int Side = 224;
    public const int Count = 512;
    public const string ModelFile = "ResNet18.onnx";
    public const string PreprocessFile = "ResNetPreprocess.onnx";

    private static readonly Lazy<ResNet18Features> Shared = new(() => new ResNet18Features(Path.Combine(AppContext.BaseDirectory, "onnx")), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession _prep;
    private readonly InferenceSession _net;
    private readonly string _prepInput;
    private readonly int[] _prepShape;
    private readonly string _netInput;
    private readonly int[] _netShape;
    private readonly string _netOutput;

    private ResNet18Features(string folder, bool optimiseGraph = false)
    {
        var model = Path.Combine(folder, ModelFile);
        var prep = Path.Combine(folder, PreprocessFile);
        if (!File.Exists(model) || !File.Exists(prep))
        {
            throw new FileNotFoundException($"The pretrained ResNet-18 ({ModelFile}, {PreprocessFile}) is missing from {folder}; rebuild FakeLens (the files come from NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0).", model);
        }

        // Memory (issue 19): ONNX Runtime's graph optimisations (Conv + BatchNorm fusion, constant folding, NCHWc
        // layout) build new copies of the weights while the originals are still held, and weight pre-packing keeps a
        // third copy: loading the network raised the peak RSS of a 16 MP scan by ~255 MB with them and by ~87 MB
        // without (decode + ai-image.model, /usr/bin/time, docs/performance.md). The unoptimised graph computes the
        // same activations to float rounding (test: within 1e-4 of the optimised graph) and costs ~0.3 s more CPU
        // per image (44 patch runs). `optimiseGraph` keeps the old session for that comparison.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        if (!optimiseGraph)
        {
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
        }

        _prep = new InferenceSession(prep, options);
        // Memory (issue 19, seventh round): loading the network is the largest transient of a scan (~150 MB: the bytes
        // and ONNX Runtime's parse of them). The bytes with the layer outputs appended are read into one array (was the
        // file's bytes plus a copy: 2 × 62 MB); what the caller let go of just before (the learned detector drops the
        // image's luma plane) is collected before, and the array, garbage once the session is built, right after,
        // instead of lying on the large-object heap under the patch work that follows: the peak of decode +
        // ai-image.model at 16 MP fell from 439 to 321 MiB. Once per process.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _net = new InferenceSession(ReadWithLayerOutputs(model), options);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        (_prepInput, _prepShape) = InputOf(_prep);
        (_netInput, _netShape) = InputOf(_net);
        _netOutput = _net.OutputMetadata.Keys.First(k => !Layers.Any(l => l.Node == k));
    }

    /// <summary>The process-wide instance (loading the 62 MB network takes about half a second, once).</summary>
    public static ResNet18Features Instance => Shared.Value;

    /// <summary>A separate instance with ONNX Runtime's default graph optimisations and pre-packing (the sessions
    /// before issue 19's memory work), to check that the lean sessions compute the same features.</summary>
    internal static ResNet18Features LoadOptimised() => new(Path.Combine(AppContext.BaseDirectory, "onnx"), optimiseGraph: true);

    /// <summary>
    /// Intermediate layers exposed as extra graph outputs (issue 13 round 7): the outputs of ResNet stages 1–3
    /// (after each stage's last residual ReLU; 64 × 56², 128 × 28², 256 × 14² for a 224 px input). Early stages see
    /// local texture and the up-sampling and denoising traces that the pooled last stage (trained for object classes)
    /// mostly discards; mean and standard deviation over the positions of every channel summarise them per patch
    /// (Ojha et al. 2023 and Cozzolino et al. 2024 found intermediate layers of frozen networks more telling about
    /// generators than the last one). Node names are those of the CNTK export in the NuGet package.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Node, int Channels)> Layers =
    [
        ("layer1", "ReLU283_Output_0", 64),
        ("layer2", "ReLU315_Output_0", 128),
        ("layer3", "ReLU347_Output_0", 256),
    ];

    /// <summary>Number of intermediate-layer features: mean and standard deviation of every channel of <see cref="Layers"/>.</summary>
    public static int LayerCount => 2 * Layers.Sum(l => l.Channels);

    public static IEnumerable<string> LayerNames()
    {
        foreach (var (name, _, channels) in Layers)
        {
            foreach (var stat in (string[])["mean", "std"])
            {
                for (var c = 0; c < channels; c++)
                {
                    yield return FormattableString.Invariant($"resnet18layers.{name}.{stat}.{c:000}");
                }
            }
        }
    }

    public static IEnumerable<string> Names()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return FormattableString.Invariant($"resnet18.pool.{i:000}");
        }
    }

    /// <summary>
    /// Issue 13 round 13 (<see cref="ImageFeatureFamilies.ResNetNpr"/>): the fixed gain of the residual input
    /// 128 + gain · r. Chosen once on 16 PNG photos and AI images (256 px centre crops): the NPR residual's std per channel
    /// is 5–24 (median ≈ 14) where the pixel values' is 36–94 (median ≈ 55), so a gain of 4 gives the network an input
    /// whose spread is a natural image's. A constant, never set per image.
    /// </summary>
    public const float ResidualGain = 4f;

    /// <summary>The pooled activations of the residual input (<see cref="ImageFeatureFamilies.ResNetNpr"/>).</summary>
    public static IEnumerable<string> ResidualNames()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return FormattableString.Invariant($"resnet18npr.pool.{i:000}");
        }
    }

    /// <summary>Writes the 512 pooled activations of the patch's centre 224 px crop into <paramref name="dest"/>.</summary>
    internal void Compute(PatchPlanes planes, Span<float> dest) => Compute(planes, dest, []);

    /// <summary>
    /// One forward pass: the 512 pooled activations into <paramref name="pooled"/> (when not empty) and the
    /// <see cref="LayerCount"/> intermediate-layer statistics into <paramref name="layers"/> (when not empty).
    /// </summary>
    internal void Compute(PatchPlanes planes, Span<float> pooled, Span<float> layers) => Compute(planes, pooled, layers, residual: false);

    /// <summary>
    /// As above; with <paramref name="residual"/> the network sees the patch's NPR residual instead of its pixels
    /// (<see cref="FillInput"/>; issue 13 round 13).
    /// </summary>
    internal void Compute(PatchPlanes planes, Span<float> pooled, Span<float> layers, bool residual)
    {
        ArgumentNullException.ThrowIfNull(planes);
        // perf11: both tensors' storage is the patch's reused scratch (every element written below), and the prepared
        // input is copied span to span (was a fresh 600 KB tensor each and an element-by-element enumeration).
        var (inputStorage, preparedStorage) = planes.NetInputs(ShapeLength(_prepShape));
        var input = new DenseTensor<float>(inputStorage, _prepShape);
        FillInput(planes, input.Buffer.Span, residual);

        Run(input, preparedStorage, pooled, layers);
    }

    /// <summary>
    /// One forward pass on a single-channel 224 × 224 image (row-major, values on the network's 0–255 scale) fed
    /// identically to all three input channels: the 512 pooled activations into <paramref name="pooled"/> (when not
    /// empty) and the <see cref="LayerCount"/> stage statistics into <paramref name="layers"/> (when not empty). Used by
    /// the speech block <c>resnet-spec</c> (a log-power spectrogram as the image). Thread-safe.
    /// </summary>
    public void ComputeGray(ReadOnlySpan<float> image, Span<float> pooled, Span<float> layers)
    {
        const int plane = Side * Side;
        if (image.Length != plane)
        {
            throw new ArgumentException($"the image needs {plane} values ({Side} × {Side})", nameof(image));
        }

        if (ShapeLength(_prepShape) != 3 * plane)
        {
            throw new InvalidOperationException($"ResNet-18's preprocessing wants a {string.Join('×', _prepShape)} input, not 3 × {Side} × {Side}.");
        }

        var inputStorage = new float[3 * plane];
        image.CopyTo(inputStorage.AsSpan(0, plane));
        image.CopyTo(inputStorage.AsSpan(plane, plane));
        image.CopyTo(inputStorage.AsSpan(2 * plane, plane));
        Run(new DenseTensor<float>(inputStorage, _prepShape), new float[ShapeLength(_netShape)], pooled, layers);
    }

    private void Run(DenseTensor<float> input, float[] preparedStorage, Span<float> pooled, Span<float> layers)
    {
        using var prepared = _prep.Run([NamedOnnxValue.CreateFromTensor(_prepInput, input)]);
        var pre = prepared[0].AsTensor<float>();
        if (pre.Length != ShapeLength(_netShape))
        {
            throw new InvalidOperationException($"ResNet-18's preprocessing returned {pre.Length} values for a {string.Join('×', _netShape)} input.");
        }

        var netInput = new DenseTensor<float>(preparedStorage.AsMemory(0, ShapeLength(_netShape)), _netShape);
        if (pre is DenseTensor<float> dense)
        {
            dense.Buffer.Span.CopyTo(netInput.Buffer.Span);
        }
        else
        {
            var k = 0;
            foreach (var v in pre)
            {
                netInput.Buffer.Span[k++] = v;
            }
        }

        var wanted = new List<string>(1 + Layers.Count);
        if (!pooled.IsEmpty)
        {
            wanted.Add(_netOutput);
        }

        if (!layers.IsEmpty)
        {
            if (layers.Length != LayerCount)
            {
                throw new ArgumentException($"layer statistics need {LayerCount} values", nameof(layers));
            }

            wanted.AddRange(Layers.Select(l => l.Node));
        }

        if (wanted.Count == 0)
        {
            return;
        }

        using var output = _net.Run([NamedOnnxValue.CreateFromTensor(_netInput, netInput)], wanted);
        var k0 = 0;
        if (!pooled.IsEmpty)
        {
            var values = output[k0++].AsTensor<float>();
            var i = 0;
            foreach (var v in values)
            {
                if (i == Count)
                {
                    break;
                }

                pooled[i++] = v;
            }

            if (i != Count)
            {
                throw new InvalidOperationException($"ResNet-18 returned {i} values instead of {Count}.");
            }
        }

        if (!layers.IsEmpty)
        {
            var o = 0;
            foreach (var (name, _, channels) in Layers)
            {
                var tensor = (DenseTensor<float>)output[k0++].AsTensor<float>();
                var span = tensor.Buffer.Span;
                if (span.Length % channels != 0 || span.Length == 0)
                {
                    throw new InvalidOperationException($"ResNet-18 {name} returned {span.Length} values for {channels} channels.");
                }

                ChannelStats(span, channels, layers.Slice(o, channels), layers.Slice(o + channels, channels));
                o += 2 * channels;
            }
        }
    }

    /// <summary>
    /// The network's 3 × 224 × 224 input (RGB planes, 0..255) from the patch: its native centre crop (mirror-padded when
    /// the patch is smaller). With <paramref name="residual"/> (issue 13 round 13), each channel's NPR residual instead:
    /// r = x − up₂(down₂(x)) with nearest sampling (Tan et al. 2024), i.e. each pixel minus the top-left pixel of its 2 × 2
    /// cell on the patch's grid, fed as clip(128 + <see cref="ResidualGain"/> · r, 0, 255) so the ImageNet network looks at
    /// the up-sampling trace rather than at the content. The residual is taken at the source pixel, so the crop and the
    /// mirror padding are those of the pixel input. Every element of <paramref name="buffer"/> is written.
    /// </summary>
    internal static void FillInput(PatchPlanes planes, Span<float> buffer, bool residual)
    {
        const int plane = Side * Side;
        if (buffer.Length < 3 * plane)
        {
            throw new ArgumentException($"the input needs {3 * plane} values", nameof(buffer));
        }

        var n = planes.Size;
        var offset = n >= Side ? (n - Side) / 2 : 0;
        for (var y = 0; y < Side; y++)
        {
            var sy = Source(y, offset, n);
            var cellRow = (sy & ~1) * n;
            for (var x = 0; x < Side; x++)
            {
                var sx = Source(x, offset, n);
                var s = (sy * n) + sx;
                var d = (y * Side) + x;
                if (residual)
                {
                    var c = cellRow + (sx & ~1);
                    buffer[d] = Residual(planes.R[s] - planes.R[c]);
                    buffer[plane + d] = Residual(planes.G[s] - planes.G[c]);
                    buffer[(2 * plane) + d] = Residual(planes.B[s] - planes.B[c]);
                }
                else
                {
                    buffer[d] = planes.R[s];
                    buffer[plane + d] = planes.G[s];
                    buffer[(2 * plane) + d] = planes.B[s];
                }
            }
        }

        static float Residual(float r) => Math.Clamp(128f + (ResidualGain * r), 0f, 255f);
    }

    /// <summary>Mean and standard deviation over the positions of each channel of a 1 × C × H × W activation.</summary>
    internal static void ChannelStats(ReadOnlySpan<float> values, int channels, Span<float> mean, Span<float> std)
    {
        var per = values.Length / channels;
        for (var c = 0; c < channels; c++)
        {
            var plane = values.Slice(c * per, per);
            double sum = 0, sumSq = 0;
            foreach (var v in plane)
            {
                sum += v;
                sumSq += (double)v * v;
            }

            var m = sum / per;
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(Math.Max(0, (sumSq / per) - (m * m)));
        }
    }

    /// <summary>The model file's bytes followed by <see cref="WithLayerOutputs"/>'s suffix, read into one array (no second copy).</summary>
    internal static byte[] ReadWithLayerOutputs(string path)
    {
        var suffix = WithLayerOutputs([]);
        using var file = File.OpenRead(path);
        var length = checked((int)file.Length);
        var bytes = GC.AllocateUninitializedArray<byte>(checked(length + suffix.Length));
        file.ReadExactly(bytes.AsSpan(0, length));
        suffix.CopyTo(bytes.AsSpan(length));
        return bytes;
    }

    /// <summary>
    /// The network's ONNX bytes with <see cref="Layers"/> appended as graph outputs, so ONNX Runtime returns them from
    /// the same forward pass. Protocol Buffers merges a singular message field that occurs twice, so a second
    /// <c>ModelProto.graph</c> (field 7) holding only the extra <c>GraphProto.output</c> entries (field 12: name and a
    /// float tensor type) is appended to the file's bytes; the weights are not copied or changed.
    /// </summary>
    internal static byte[] WithLayerOutputs(byte[] model)
    {
        var graph = new List<byte>();
        foreach (var (_, node, _) in Layers)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(node);
            byte[] tensorType = [0x08, 0x01];                                 // TypeProto.Tensor.elem_type = FLOAT
            var type = Field(1, tensorType);                                  // TypeProto.tensor_type
            var info = Field(1, name).Concat(Field(2, type)).ToArray();      // ValueInfoProto.name, .type
            graph.AddRange(Field(12, info));                                  // GraphProto.output
        }

        return [.. model, .. Field(7, [.. graph])];                           // ModelProto.graph (merged)

        static byte[] Field(int number, byte[] payload)
        {
            var bytes = new List<byte>();
            Varint(bytes, (uint)((number << 3) | 2));
            Varint(bytes, (uint)payload.Length);
            bytes.AddRange(payload);
            return [.. bytes];
        }

        static void Varint(List<byte> bytes, uint value)
        {
            while (value >= 0x80)
            {
                bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }

            bytes.Add((byte)value);
        }
    }

    /// <summary>Source index of output coordinate <paramref name="t"/>: centre crop, or mirror padding when the patch is smaller than 224 px.</summary>
    private static int Source(int t, int offset, int n)
    {
        if (n >= Side)
        {
            return offset + t;
        }

        var period = 2 * n;
        var m = t % period;
        return m < n ? m : period - 1 - m;
    }

    private static int ShapeLength(int[] shape)
    {
        var length = 1;
        foreach (var d in shape)
        {
            length = checked(length * d);
        }

        return length;
    }

    private static (string Name, int[] Shape) InputOf(InferenceSession session)
    {
        var (name, meta) = session.InputMetadata.First();
        var shape = meta.Dimensions.Select(d => d <= 0 ? 1 : d).ToArray();
        return (name, shape);
    }
}
