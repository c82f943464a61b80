using System.Buffers.Binary;
using System.Text;
using FakeLens.Audio.Decoding;
using FakeLens.Audio.Dsp;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Imaging.Jpeg;
using FakeLens.Imaging.Tampering;
using FakeLens.Provenance.C2pa;
using FakeLens.Provenance.Labels;
using FakeLens.Provenance.Metadata;
using FakeLens.Watermark.Audio;
using FakeLens.Watermark.Robust;
using FakeLens.Watermark.StableDiffusion;
using RgbImage = FakeLens.Imaging.Decoding.RgbImage;

namespace FakeLens.Fuzz;

/// <summary>
/// The fuzz targets: each feeds one input to one parser the way a scan would and states which exceptions are the
/// parser's documented answer to bad input (a clear per-file error). Any other exception, a hang or an
/// out-of-memory is a finding: the harness lets it escape so afl++ records a crash.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Pixel limit used by the targets (small: a fuzzer input must not allocate gigabytes legitimately).</summary>
    public const long MaxPixels = 4_000_000;

    /// <summary>Every target name, in the order fuzz/run.sh runs them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "sniff", "jpeg", "png", "wav", "bmff", "id3", "c2pa", "jumbf", "xmp", "exif", "metadata", "labels", "watermark-image", "watermark-audio", "tamper-manifest",
    ];

    /// <summary>What each target reaches, for --list and docs/fuzzing.md.</summary>
    public static string Describe(string name) => name switch
    {
        "sniff" => "MediaSniffer: magic bytes, ID3 skipping, ftyp brands, RIFF forms",
        "jpeg" => "JpegParser (markers, SOF/DHT/DQT/SOS/DRI) + JpegCoefficientReader (baseline and progressive Huffman decoding)",
        "png" => "PNG chunk walk, tEXt/zTXt/iTXt/eXIf, stealth alpha payload (LabelReader) + C2PA caBX locating",
        "wav" => "WavIo RIFF/WAVE chunk walk and PCM/float decoding + C2PA RIFF locating",
        "bmff" => "ISO BMFF box walk: C2PA uuid box locating and MP4 XMP boxes",
        "id3" => "ID3v2 tags (C2PA GEOB frame locating in MP3)",
        "c2pa" => "C2PA read + validate of a whole asset (JPEG APP11 / PNG / RIFF / BMFF containers, JUMBF, CBOR, COSE, hashes)",
        "jumbf" => "C2PA read + validate of a bare manifest store (.c2pa sidecar): JUMBF boxes, CBOR claims/assertions, COSE_Sign1, X.509",
        "xmp" => "XMP packet in a JPEG APP1: XmpLabels (XML, source types, history) + MetadataSummaryReader",
        "exif" => "EXIF/TIFF IFDs in a JPEG APP1: ExifTextReader + MetadataSummaryReader (MetadataExtractor) + EXIF block locator",
        "metadata" => "MetadataSummaryReader on a whole file (MetadataExtractor with the EXIF-only fallback)",
        "labels" => "LabelReader on a whole file: PNG/JPEG/WebP/TIFF/MP4 generator-label readers",
        "watermark-image" => "FakeLens robust mark, SD dwtDct and dwtDctSvd decoders on arbitrary small pixel grids",
        "watermark-audio" => "FakeLens audio mark decoder on arbitrary samples and sample rates",
        "tamper-manifest" => "TamperManifest.Parse (manifest.csv of a tamper set)",
        _ => throw new ArgumentException($"unknown fuzz target '{name}'", nameof(name)),
    };

    /// <summary>Runs one target on one input; throws only for a finding.</summary>
    public static void Run(string name, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            Dispatch(name, data);
        }
        catch (Exception ex) when (IsExpected(name, ex))
        {
            // The parser refused the input with a clear error: the answer a scan reports per file.
        }
    }

    /// <summary>The exceptions a target may answer bad input with.</summary>
    public static bool IsExpected(string name, Exception ex) => ex switch
    {
        MediaException => true,
        FormatException when name == "tamper-manifest" => true,
        // MetadataSummaryReader lets MetadataExtractor's (and its XmpCore's) errors through by design and MetadataDetector
        // turns any of them into "metadata.unreadable"; an error raised in FakeLens's own code is still a finding.
        // The stack is read innermost first, so the framework frames (Array.Copy, Encoding) are skipped.
        _ when name is "metadata" or "exif" or "xmp" && RaisedIn(ex, "MetadataExtractor", "XmpCore") => true,
        _ => false,
    };

    /// <summary>True when the innermost non-framework frame of the exception's stack belongs to one of <paramref name="assemblies"/>
    /// (an ArgumentException thrown by Array.Copy on XmpCore's behalf counts as XmpCore's).</summary>
    private static bool RaisedIn(Exception ex, params string[] assemblies)
    {
        foreach (var frame in new System.Diagnostics.StackTrace(ex, false).GetFrames())
        {
            var origin = frame.GetMethod()?.DeclaringType?.Assembly.GetName().Name;
            if (origin is null || origin.StartsWith("System.", StringComparison.Ordinal))
            {
                continue;
            }

            return assemblies.Contains(origin, StringComparer.Ordinal);
        }

        return false;
    }

    private static void Dispatch(string name, byte[] data)
    {
        using var cts = new CancellationTokenSource();
        var ct = cts.Token;
        switch (name)
        {
            case "sniff":
                _ = MediaSniffer.Sniff(data, "input.bin");
                _ = MediaSniffer.FromBytes(data);
                break;
            case "jpeg":
                {
                    var structure = JpegParser.Parse(data);
                    _ = JpegCoefficientReader.ReadLuma(structure, data, MaxPixels, ct);
                    break;
                }

            case "png":
                _ = LabelReader.Read(data, MaxPixels, ct);
                _ = C2paReader.Read(data, MediaFormat.Png);
                break;
            case "wav":
                _ = C2paReader.Read(data, MediaFormat.Wav);
                _ = WavIo.Read(data, ct);
                break;
            case "bmff":
                _ = LabelReader.Read(data, MaxPixels, ct);
                _ = C2paReader.Read(data, MediaFormat.Mp4);
                break;
            case "id3":
                _ = MediaSniffer.FromBytes(data);
                _ = C2paReader.Read(data, MediaFormat.Mp3);
                break;
            case "c2pa":
                {
                    var store = C2paReader.Read(data, MediaSniffer.FromBytes(data));
                    _ = C2paValidator.Validate(store, data);
                    break;
                }

            case "jumbf":
                {
                    var store = C2paReader.ReadStore(data);
                    _ = C2paValidator.Validate(store, ReadOnlyMemory<byte>.Empty);
                    break;
                }

            case "xmp":
                Segments(WrapApp1("http://ns.adobe.com/xap/1.0/\0"u8, data), ct);
                break;
            case "exif":
                Segments(WrapApp1("Exif\0\0"u8, data), ct);
                break;
            case "metadata":
                _ = MetadataSummaryReader.Read(data);
                break;
            case "labels":
                _ = LabelReader.Read(data, MaxPixels, ct);
                break;
            case "watermark-image":
                WatermarkImage(data, ct);
                break;
            case "watermark-audio":
                WatermarkAudio(data, ct);
                break;
            case "tamper-manifest":
                _ = TamperManifest.Parse(Encoding.UTF8.GetString(data));
                break;
            default:
                throw new ArgumentException($"unknown fuzz target '{name}'", nameof(name));
        }
    }

    private static void Segments(byte[] jpeg, CancellationToken ct)
    {
        _ = LabelReader.Read(jpeg, MaxPixels, ct);
        _ = MetadataSummaryReader.Read(jpeg);
    }

    /// <summary>SOI, one APP1 segment (identifier + payload, cut to the 64 KiB segment limit), EOI.</summary>
    public static byte[] WrapApp1(ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> payload)
    {
        var body = Math.Min(payload.Length, 65533 - identifier.Length);
        var result = new byte[2 + 4 + identifier.Length + body + 2];
        result[0] = 0xFF;
        result[1] = 0xD8;
        result[2] = 0xFF;
        result[3] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), (ushort)(2 + identifier.Length + body));
        identifier.CopyTo(result.AsSpan(6));
        payload[..body].CopyTo(result.AsSpan(6 + identifier.Length));
        result[^2] = 0xFF;
        result[^1] = 0xD9;
        return result;
    }

    /// <summary>Largest side of the pixel grids and residual planes the watermark target builds (keeps one execution well under a millisecond).</summary>
    public const int WatermarkMaxSide = 64;

    // Fixed-cost tables that do not depend on the input: built once per fuzzing process, not per execution.
    private static readonly RobustLayout FuzzLayout = RobustLayout.For(FakeLensImageWatermark.DefaultKey);
    private static readonly RobustDecoder.SyncTemplate FuzzSync = RobustDecoder.SyncTemplate.For(FuzzLayout);
    private static readonly QimLayer FuzzQim = QimLayer.For(FakeLensImageWatermark.DefaultKey);
    private static readonly AudioMarkLayout FuzzAudioLayout = new(FakeLensAudioWatermark.DefaultKey);
    private static readonly Fft FuzzAudioFft = new(AudioMarkLayout.FrameSize);
    private static readonly double[] FuzzAudioWindow = AudioTileAnalysis.Window();
    private static readonly (AudioPayloadCode Code128, AudioPayloadCode Code64) FuzzCodes = FakeLensAudioWatermark.Codes();

    /// <summary>
    /// The image-watermark decoders stage by stage, on small inputs (a whole FakeLens-mark read resamples every image
    /// to a 512-px reference plane and scans its autocorrelation, 0.1–0.5 s, which held afl++ to 2 executions/s; the
    /// second session's stage split still ran the crop sweep's ~180 scales and rebuilt the key's tables on every
    /// input, 57/s). The top three bits of the first byte pick the stage: 0 the Stable Diffusion dwtDct reader and 1
    /// its dwtDctSvd reader on a grid of up to 64 × 64 pixels (2 size bytes + RGB); 2 the FakeLens reader's
    /// hypotheses, fold, synchronisation and Viterbi decoding on an arbitrary residual plane of up to 64 × 64 values
    /// (2 size bytes + 16-bit floats, NaN and infinities included); 3 the crop sweep on such a plane (its first steps:
    /// every step runs the same fold and correlation); 4 the layout-v2 QIM layer (cell means, blind affine estimate,
    /// soft bits) on such a plane as luma, then Viterbi on its soft bits; 5 and 7 soft Viterbi on 140 arbitrary soft
    /// values; 6 a whole FakeLens-mark detection on an image under 128 px (its size checks and refusal). Whole reads
    /// of full-size hostile grids are <c>HostileImageReadTests</c> in CI.
    /// </summary>
    private static void WatermarkImage(byte[] data, CancellationToken ct)
    {
        // Three bytes at least, and every input enters instrumented code (afl++ aborts on a queue entry with an empty trace).
        if (data.Length < 3)
        {
            _ = new FakeLensImageWatermark().Detect(new RgbImage(1, 1, new byte[3]), FakeLensImageWatermark.DefaultKey, ct);
            return;
        }

        var stage = data[0] >> 5;
        var body = data.AsSpan(1);
        switch (stage)
        {
            case 0:
                _ = new DwtDctWatermark().Detect(SmallImage(body, WatermarkMaxSide), null, ct);
                break;
            case 1:
                _ = new DwtDctSvdWatermark().Detect(SmallImage(body, WatermarkMaxSide), null, ct);
                break;
            case 2:
                {
                    var (plane, w, h) = Plane(body);
                    var hypotheses = RobustDecoder.Hypotheses(plane, w, h, ct);
                    _ = RobustDecoder.Read(plane, w, h, FuzzLayout, FuzzSync, hypotheses, ct);
                    break;
                }

            case 3:
                {
                    var (plane, w, h) = Plane(body);
                    _ = RobustDecoder.ScaleSweep(plane, w, h, FuzzSync, [new GridHypothesis(1, 0)], 1.005, ct);
                    break;
                }

            case 4:
                {
                    var (plane, w, h) = Plane(body);
                    var (asIs, affine) = FuzzQim.Read(plane, w, h);
                    _ = ConvolutionalCode.Decode((data[0] & 1) == 0 ? asIs : affine, RobustLayout.MessageBits);
                    break;
                }

            case 6:
                _ = new FakeLensImageWatermark().Detect(SmallImage(body, FakeLensImageWatermark.MinSide - 1), FakeLensImageWatermark.DefaultKey, ct);
                break;
            default:
                {
                    var soft = new double[ConvolutionalCode.CodedLength(64)];
                    for (var i = 0; i < soft.Length; i++)
                    {
                        soft[i] = (sbyte)body[i % body.Length] / 16.0;
                    }

                    _ = ConvolutionalCode.Decode(soft, 64);
                    break;
                }
        }
    }

    /// <summary>Two size bytes (1..64), then 16-bit floats (NaN and infinities included) repeated to fill the plane.</summary>
    private static (float[] Plane, int Width, int Height) Plane(ReadOnlySpan<byte> body)
    {
        int w = (body[0] % WatermarkMaxSide) + 1, h = (body[1] % WatermarkMaxSide) + 1;
        var values = body[2..];
        var plane = new float[w * h];
        for (var i = 0; i < plane.Length && values.Length >= 2; i++)
        {
            var k = 2 * i % (values.Length - (values.Length % 2));
            plane[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(values[k..]);
        }

        return (plane, w, h);
    }

    /// <summary>Two size bytes (1..<paramref name="maxSide"/>), then RGB bytes repeated to fill the grid.</summary>
    private static RgbImage SmallImage(ReadOnlySpan<byte> data, int maxSide)
    {
        int width = (data[0] % maxSide) + 1, height = (data[1] % maxSide) + 1;
        var pixels = new byte[width * height * 3];
        var source = data[2..];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = source.IsEmpty ? (byte)0 : source[i % source.Length];
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>Samples (0.54 s at 16 kHz) the reader stage gets: 32 tile starts, just above the 30 active ones it needs.</summary>
    public const int AudioStageSamples = (33 * AudioMarkLayout.Hop) + AudioMarkLayout.FrameSize;

    /// <summary>
    /// The audio-mark reader stage by stage (a whole read of the 2 s minimum resamples, analyses four sub-frame offsets
    /// and folds 125 phases, 12 executions/s under afl++). The top two bits of the first byte pick the stage, the
    /// rest are 16-bit samples: 0 the resampler from a rate picked by the second byte (mostly the common ones; 255 an
    /// unsupported 1 MHz) to 16 kHz on the raw samples, and the whole detector on them as they are (under 2 s: its
    /// refusal); 1 tile analysis (windowed FFT, band energies, activity, log weights), folding and soft bits on the
    /// samples repeated to <see cref="AudioStageSamples"/> at 16 kHz, one sub-frame offset and two phases chosen by
    /// the second byte; 2 the decision on 128 soft values and a norm taken from the bytes: with selector 0 the whole
    /// decision (exhaustive decoding of both payload codes, 3 × 65,536 codewords, the same loop whatever the values,
    /// ~30 ms), otherwise what follows the decoding (p-values, payload, explanation) on decoder outputs taken from the
    /// bytes; 3 as 1 with all four offsets.
    /// </summary>
    private static void WatermarkAudio(byte[] data, CancellationToken ct)
    {
        if (data.Length < 4)
        {
            // Every input must reach instrumented code (afl++ aborts on a queue entry with an empty trace): the refusal.
            _ = new FakeLensAudioWatermark().Detect([], AudioMarkLayout.Rate, FakeLensAudioWatermark.DefaultKey, ct);
            return;
        }

        var stage = data[0] >> 6;
        var selector = data[1];
        var count = (data.Length - 2) / 2;
        var raw = new float[count];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(2 + (2 * i))) / 32768f;
        }

        switch (stage)
        {
            case 0:
                {
                    var rate = selector switch
                    {
                        255 => 1_000_000,
                        < 128 => 16_000,
                        < 160 => 8_000,
                        < 192 => 44_100,
                        < 224 => 48_000,
                        _ => 8000 + (selector * 1000),
                    };
                    if (rate <= 768_000)
                    {
                        _ = AudioResampler.Resample(raw, rate, 16_000, ct);
                    }

                    if (raw.Length < rate * FakeLensAudioWatermark.MinSeconds)
                    {
                        _ = new FakeLensAudioWatermark().Detect(raw, rate, FakeLensAudioWatermark.DefaultKey, ct);
                    }

                    break;
                }

            case 2:
                {
                    var soft = new double[AudioMarkLayout.CodedBits];
                    double norm = 0;
                    for (var i = 0; i < soft.Length; i++)
                    {
                        soft[i] = raw.Length == 0 ? 0 : raw[i % raw.Length] * 64;
                        norm += soft[i] * soft[i] * (1 + (selector / 64.0));
                    }

                    if (selector == 0)
                    {
                        // The whole decision with its exhaustive decoding (3 × 65,536 codewords, ~30 ms): selector 0 only.
                        _ = new FakeLensAudioWatermark().DecideSoft(soft, norm);
                    }
                    else
                    {
                        // The decision on decoder outputs taken from the bytes (info words, correlations, NaN included).
                        var c = raw.Length == 0 ? 0 : raw.Length;
                        (int, double) Pick(int k) => (c == 0 ? 0 : (int)(raw[k % c] * 32768) & 0xFFFF, c == 0 ? 0 : raw[(k + 1) % c] * soft.Length * (selector / 16.0));
                        _ = new FakeLensAudioWatermark().Conclude(soft, Math.Sqrt(norm), FuzzCodes.Code128, FuzzCodes.Code64, Pick(0), Pick(2), Pick(4));
                    }

                    break;
                }

            default:
                {
                    if (raw.Length == 0)
                    {
                        _ = new FakeLensAudioWatermark().Detect(raw, AudioMarkLayout.Rate, FakeLensAudioWatermark.DefaultKey, ct);
                        return;
                    }

                    var x16 = new float[AudioStageSamples];
                    for (var i = 0; i < x16.Length; i++)
                    {
                        x16[i] = raw[i % raw.Length];
                    }

                    var offsets = stage == 3 ? 4 : 1;
                    _ = FakeLensAudioWatermark.ReadResampled(x16, FuzzAudioLayout, FuzzAudioFft, FuzzAudioWindow, offsets, 1 + (selector % 2), ct);
                    break;
                }
        }
    }
}
