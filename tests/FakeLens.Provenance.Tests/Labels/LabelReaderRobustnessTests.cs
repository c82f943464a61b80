using System.Globalization;
using System.IO.Compression;
using System.Text;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Provenance.Labels;

namespace FakeLens.Provenance.Tests.Labels;

public sealed class LabelReaderRobustnessTests
{
    private static IReadOnlyList<Evidence> Analyze(byte[] bytes, string name = "image.png") =>
        new GeneratorLabelDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static FileLabels Read(byte[] bytes) => LabelReader.Read(bytes, 100_000_000, CancellationToken.None);

    private static byte[] ZerosCompressed(int megabytes)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (var i = 0; i < megabytes; i++)
            {
                z.Write(block);
            }
        }

        return ms.ToArray();
    }

    [Fact]
    public void A_zTXt_bomb_is_skipped_with_a_note_and_the_other_labels_are_still_read()
    {
        var bomb = ZerosCompressed(64);
        byte[] chunk = LabelFiles.Chunk("zTXt", [.. "parameters"u8, 0, 0, .. bomb]);
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), chunk, LabelFiles.Text("Description", "x --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3"));

        var labels = Read(png);
        var evidence = Analyze(png);

        Assert.True(bomb.Length < 200_000);
        Assert.Contains(labels.Notes, n => n.Contains("inflates beyond", StringComparison.Ordinal));
        Assert.DoesNotContain(labels.Texts, t => t.Key == "parameters");
        Assert.Equal("Midjourney", Assert.Single(evidence, e => e.Id == "labels.generator").Facts[0].Value);
    }

    [Fact]
    public void A_zTXt_chunk_expanding_a_thousandfold_is_skipped_under_the_size_cap_while_ordinary_compressed_text_is_read()
    {
        // 2 MiB of zeros: under the 8 MiB cap, but deflated about 1000 : 1, beyond the 100 : 1 ratio limit.
        var bomb = ZerosCompressed(2);
        var words = new StringBuilder();
        var random = new Random(7);
        while (words.Length < 1_200_000)
        {
            words.Append(CultureInfo.InvariantCulture, $"token{random.Next(100_000)}, ");
        }

        var text = Encoding.UTF8.GetBytes(words.ToString());
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(text);
        }

        var png = LabelFiles.WithChunks(
            LabelFiles.PlainPng(),
            LabelFiles.Chunk("zTXt", [.. "parameters"u8, 0, 0, .. bomb]),
            LabelFiles.Chunk("zTXt", [.. "Comment"u8, 0, 0, .. ms.ToArray()]));

        var labels = Read(png);

        Assert.Contains(labels.Notes, n => n.Contains("'parameters'", StringComparison.Ordinal) && n.Contains("decompression bomb", StringComparison.Ordinal));
        Assert.DoesNotContain(labels.Texts, t => t.Key == "parameters");
        Assert.Equal(text.Length, Assert.Single(labels.Texts, t => t.Key.Equals("Comment", StringComparison.OrdinalIgnoreCase)).Value.Length);
    }

    [Fact]
    public void Broken_generator_json_gives_no_finding_and_no_exception()
    {
        var brokenPrompt = Samples.ComfyPrompt[..(Samples.ComfyPrompt.Length / 2)];
        var png = LabelFiles.WithChunks(
            LabelFiles.PlainPng(),
            LabelFiles.Text("prompt", brokenPrompt),
            LabelFiles.Text("invokeai_metadata", "{\"positive_prompt\": "),
            LabelFiles.Text("Comment", "{\"uc\": [1, 2"),
            LabelFiles.Text("parameters", "{\"sui_image_params\": {\"prompt\": 3"));

        Assert.Empty(Analyze(png));
    }

    [Fact]
    public void Deeply_nested_json_is_refused_by_the_parser_depth_limit()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000);
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("prompt", deep), LabelFiles.Text("parameters", deep));

        Assert.Empty(Analyze(png));
    }

    [Fact]
    public void A_text_chunk_longer_than_the_file_stops_the_walk_with_a_note()
    {
        var png = LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", Samples.A1111));
        var cut = png[..(8 + 25 + 60)];

        var labels = Read(cut);

        Assert.Empty(labels.Texts);
        Assert.Contains(labels.Notes, n => n.Contains("file ends first", StringComparison.Ordinal));
        Assert.Empty(Analyze(cut));
    }

    [Fact]
    public void Every_truncation_of_labelled_files_is_read_without_exceptions()
    {
        var files = new[]
        {
            LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("parameters", Samples.A1111), LabelFiles.International("XML:com.adobe.xmp", LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"trainedAlgorithmicMedia\"/>"), true)),
            LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.ExifSegment(LabelFiles.Tiff(true, [(0x0131, "Fooocus v2.5.5")], LabelFiles.UnicodeUserComment(Samples.A1111))), LabelFiles.XmpSegment(LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"trainedAlgorithmicMedia\"/>"))),
            LabelFiles.StealthPng("stealth_pngcomp", LabelFiles.Gzip(Encoding.UTF8.GetBytes("{\"Software\": \"NovelAI\"}"))),
        };
        foreach (var file in files)
        {
            for (var length = 0; length < file.Length; length += Math.Max(1, file.Length / 97))
            {
                var labels = Read(file[..length]);
                _ = LabelInterpreter.Interpret(labels);
            }
        }
    }

    [Fact]
    public void Random_byte_corruption_of_labelled_files_never_throws()
    {
        var sources = new[]
        {
            LabelFiles.WithChunks(LabelFiles.PlainPng(), LabelFiles.Text("prompt", Samples.ComfyPrompt), LabelFiles.CompressedText("parameters", Encoding.Latin1.GetBytes(Samples.A1111))),
            LabelFiles.WithSegments(LabelFiles.PlainJpeg(), [LabelFiles.ExifSegment(LabelFiles.Tiff(false, [(0x010F, "workflow:{}"), (0x0110, "prompt:" + Samples.ComfyPrompt.ReplaceLineEndings(" "))], LabelFiles.UnicodeUserComment(Samples.A1111))), .. LabelFiles.ExtendedXmpSegments(LabelFiles.Xmp("Iptc4xmpExt:DigitalSourceType=\"trainedAlgorithmicMedia\"/>"), "0123456789ABCDEF0123456789ABCDEF", 200)]),
        };
        var rng = new Random(17);
        foreach (var source in sources)
        {
            for (var trial = 0; trial < 150; trial++)
            {
                var copy = (byte[])source.Clone();
                for (var k = 0; k < 8; k++)
                {
                    copy[rng.Next(2, Math.Min(copy.Length, 6000))] = (byte)rng.Next(256);
                }

                _ = LabelInterpreter.Interpret(Read(copy));
            }
        }
    }

    [Fact]
    public void A_stealth_header_declaring_more_bits_than_pixels_is_ignored()
    {
        var png = LabelFiles.StealthPng("stealth_pngcomp", [1, 2, 3, 4], declaredBits: uint.MaxValue - 7);

        var labels = Read(png);

        Assert.DoesNotContain(labels.Texts, t => t.Key == "stealth");
        Assert.Contains(labels.Notes, n => n.Contains("more than the image can hold", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_stealth_gzip_payload_is_noted_not_thrown()
    {
        var png = LabelFiles.StealthPng("stealth_pngcomp", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]);

        var labels = Read(png);

        Assert.Contains(labels.Notes, n => n.Contains("corrupt or too large", StringComparison.Ordinal));
        Assert.Empty(Analyze(png));
    }

    [Fact]
    public void Hostile_JPEG_segments_are_bounded()
    {
        var jpeg = LabelFiles.PlainJpeg();
        // Extended XMP announcing 4 GB, an APP1 whose length runs past the end, and EXIF whose offsets point outside the block.
        byte[] hugeExtended = LabelFiles.Segment(0xE1, [.. "http://ns.adobe.com/xmp/extension/\0"u8, .. "0123456789ABCDEF0123456789ABCDEF"u8, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, .. "<x/>"u8]);
        var badTiff = LabelFiles.Tiff(true, [(0x0110, "a long enough model name")], LabelFiles.UnicodeUserComment("x"));
        badTiff[10 + 8] = 0xFF; // first entry's value offset → far outside
        badTiff[10 + 9] = 0xFF;
        var file = LabelFiles.WithSegments(jpeg, hugeExtended, LabelFiles.ExifSegment(badTiff));

        var labels = Read(file);

        Assert.Contains(labels.Notes, n => n.Contains("Extended XMP declares", StringComparison.Ordinal));
        Assert.DoesNotContain(labels.Texts, t => t.Key == "Model");
        byte[] runaway = [.. file[..2], 0xFF, 0xE1, 0xFF, 0xF0, .. "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta"u8];
        Assert.Contains(Read(runaway).Notes, n => n.Contains("cut short", StringComparison.Ordinal));
    }

    [Fact]
    public void XMP_with_entity_expansion_is_not_expanded()
    {
        var lol = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>" +
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" Iptc4xmpExt:DigitalSourceType=\"&lol3;\"/></rdf:RDF></x:xmpmeta>";
        var jpeg = LabelFiles.WithSegments(LabelFiles.PlainJpeg(), LabelFiles.XmpSegment(lol));

        var evidence = Analyze(jpeg, "x.jpg");

        Assert.All(evidence, e => Assert.DoesNotContain("lollol", e.Explanation, StringComparison.Ordinal));
    }
}
