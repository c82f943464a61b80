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
        _net = new InferenceSession(model, options);
        (_prepInput, _prepShape) = InputOf(_prep);
        (_netInput, _netShape) = InputOf(_net);
    }

    /// <summary>The process-wide instance (loading the 62 MB network takes about half a second, once).</summary>
    public static ResNet18Features Instance => Shared.Value;

    /// <summary>A separate instance with ONNX Runtime's default graph optimisations and pre-packing (the sessions
    /// before issue 19's memory work), to check that the lean sessions compute the same features.</summary>
    internal static ResNet18Features LoadOptimised() => new(Path.Combine(AppContext.BaseDirectory, "onnx"), optimiseGraph: true);

    public static IEnumerable<string> Names()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return FormattableString.Invariant($"resnet18.pool.{i:000}");
        }
    }

    /// <summary>Writes the 512 pooled activations of the patch's centre 224 px crop into <paramref name="dest"/>.</summary>
    internal void Compute(PatchPlanes planes, Span<float> dest)
    {
        ArgumentNullException.ThrowIfNull(planes);
        var input = new DenseTensor<float>(_prepShape);
        var buffer = input.Buffer.Span;
        var n = planes.Size;
        var offset = n >= Side ? (n - Side) / 2 : 0;
        const int plane = Side * Side;
        for (var y = 0; y < Side; y++)
        {
            var sy = Source(y, offset, n);
            for (var x = 0; x < Side; x++)
            {
                var s = (sy * n) + Source(x, offset, n);
                var d = (y * Side) + x;
                buffer[d] = planes.R[s];
                buffer[plane + d] = planes.G[s];
                buffer[(2 * plane) + d] = planes.B[s];
            }
        }

        using var prepared = _prep.Run([NamedOnnxValue.CreateFromTensor(_prepInput, input)]);
        var pre = prepared[0].AsTensor<float>();
        var netInput = new DenseTensor<float>(_netShape);
        var k = 0;
        foreach (var v in pre)
        {
            netInput.Buffer.Span[k++] = v;
        }

        using var output = _net.Run([NamedOnnxValue.CreateFromTensor(_netInput, netInput)]);
        var pooled = output[0].AsTensor<float>();
        var i = 0;
        foreach (var v in pooled)
        {
            if (i == Count)
            {
                break;
            }

            dest[i++] = v;
        }

        if (i != Count)
        {
            throw new InvalidOperationException($"ResNet-18 returned {i} values instead of {Count}.");
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

    private static (string Name, int[] Shape) InputOf(InferenceSession session)
    {
        var (name, meta) = session.InputMetadata.First();
        var shape = meta.Dimensions.Select(d => d <= 0 ? 1 : d).ToArray();
        return (name, shape);
    }
}
