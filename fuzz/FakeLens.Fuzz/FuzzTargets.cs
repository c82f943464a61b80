using System.Buffers.Binary;
using System.Text;
using FakeLens.Audio.Decoding;
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

    /// <summary>Largest side of the pixel grids and residual planes the watermark target builds (keeps one execution in milliseconds).</summary>
    public const int WatermarkMaxSide = 64;

    /// <summary>
    /// The watermark decoders by stage, on small inputs (a whole FakeLens-mark read resamples every image to a 512-px
    /// reference plane, about 0.1–0.5 s, which held afl++ to 2 executions/s). The first byte picks the stage:
    /// 0–63 the Stable Diffusion dwtDct and dwtDctSvd readers on a grid of up to 64 × 64 pixels (2 size bytes + RGB);
    /// 64–127 the FakeLens reader's grid search, fold, synchronisation and decoding on an arbitrary residual plane of
    /// up to 64 × 64 values (2 size bytes + 16-bit values, NaN and infinities included); 128–191 the soft Viterbi
    /// decoder on 140 arbitrary soft values; 192–255 a whole FakeLens-mark detection on an image under 128 px (its
    /// size checks and refusal). The full read on large images stays in the CI pass (BoundedFuzzPassTests).
    /// </summary>
    private static void WatermarkImage(byte[] data, CancellationToken ct)
    {
        // Three bytes at least, and every stage enters instrumented code (afl++ refuses a seed with an empty trace).
        if (data.Length < 3)
        {
            return;
        }

        var stage = data[0] >> 6;
        var body = data.AsSpan(1);
        switch (stage)
        {
            case 0:
                {
                    var image = SmallImage(body, WatermarkMaxSide);
                    _ = new DwtDctWatermark().Detect(image, null, ct);
                    _ = new DwtDctSvdWatermark().Detect(image, null, ct);
                    break;
                }

            case 1:
                {
                    int w = (body[0] % WatermarkMaxSide) + 1, h = (body[1] % WatermarkMaxSide) + 1;
                    var values = body[2..];
                    var plane = new float[w * h];
                    for (var i = 0; i < plane.Length && values.Length >= 2; i++)
                    {
                        var k = 2 * i % (values.Length - (values.Length % 2));
                        plane[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(values[k..]);
                    }

                    var layout = RobustLayout.For(FakeLensImageWatermark.DefaultKey);
                    var hypotheses = RobustDecoder.Hypotheses(plane, w, h, ct);
                    _ = RobustDecoder.Read(plane, w, h, layout, hypotheses, ct);
                    if ((data[0] & 7) == 0)
                    {
                        // The crop fallback scores ~180 grid scales (tens of ms even on a small plane): one input in eight.
                        _ = RobustDecoder.ScaleSweep(plane, w, h, layout, hypotheses, ct);
                    }
                    break;
                }

            case 2:
                {
                    var soft = new double[ConvolutionalCode.CodedLength(64)];
                    for (var i = 0; i < soft.Length; i++)
                    {
                        soft[i] = (sbyte)body[i % body.Length] / 16.0;
                    }

                    _ = ConvolutionalCode.Decode(soft, 64);
                    break;
                }

            default:
                _ = new FakeLensImageWatermark().Detect(SmallImage(body, FakeLensImageWatermark.MinSide - 1), FakeLensImageWatermark.DefaultKey, ct);
                break;
        }
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

    /// <summary>
    /// The first byte picks the sample rate (mostly the common ones, 16 kHz, the mark's own, needing no resampling; 255
    /// an unsupported 1 MHz); the rest, as 16-bit samples, are repeated to the 2 s the reader needs at least (the
    /// whole reader: resampling, tile analysis, folding, decoding). Below 2 s the reader refuses; odd lengths and rates
    /// reach the resampler through <c>AudioResampler.Resample</c> on the raw input as well.
    /// </summary>
    private static void WatermarkAudio(byte[] data, CancellationToken ct)
    {
        if (data.Length < 3)
        {
            return;
        }

        var rate = data[0] switch
        {
            255 => 1_000_000,
            < 128 => 16_000,
            < 160 => 8_000,
            < 192 => 44_100,
            < 224 => 48_000,
            _ => 8000 + (data[0] * 1000),
        };
        var source = (data.Length - 1) / 2;
        var raw = new float[source];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(1 + (2 * i))) / 32768f;
        }

        if (rate <= 768_000)
        {
            _ = AudioResampler.Resample(raw, rate, 16_000, ct);
        }

        var samples = new float[(int)(rate * FakeLensAudioWatermark.MinSeconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = raw[i % source];
        }

        _ = new FakeLensAudioWatermark().Detect(samples, rate, FakeLensAudioWatermark.DefaultKey, ct);
    }
}
