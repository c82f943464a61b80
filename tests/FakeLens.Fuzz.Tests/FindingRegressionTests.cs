using System.Buffers.Binary;
using System.Text;
using FakeLens.Core.Media;
using FakeLens.Provenance.Labels;

namespace FakeLens.Fuzz.Tests;

/// <summary>
/// One test per parser bug the fuzzers found (docs/fuzzing.md, "Findings"), with the minimised input in code; the
/// raw afl++ inputs are replayed by <see cref="FindingsReplayTests"/>.
/// </summary>
public class FindingRegressionTests
{
    [Theory]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(17)]
    public void A_short_file_starting_BM_is_not_media_instead_of_an_exception(int length)
    {
        // afl++ "id3" target: "BM" + 14 bytes. The BMP check read the DIB header size at bytes 14-17 once the input
        // had 14 bytes, so a 14- to 17-byte file starting "BM" threw ArgumentOutOfRangeException out of the sniffer,
        // which the scanner calls outside any per-file error handling.
        var head = new byte[length];
        head[0] = (byte)'B';
        head[1] = (byte)'M';

        Assert.Equal(MediaFormat.Unknown, MediaSniffer.Sniff(head, "x.bin").Format);
        Assert.Equal(MediaFormat.Unknown, MediaSniffer.FromBytes(Convert.FromHexString("424D68014D496400AD4D4D5900004242")));
    }

    [Fact]
    public void A_png_chunk_declaring_2_gb_in_a_few_bytes_costs_no_memory_and_the_chunks_before_it_are_read()
    {
        // afl++ "metadata" target (saved as a hang: each input took ~1 s and up to 5.7 GB of memory): a chunk after a
        // tEXt chunk declares 0x74657270 bytes (1.95 GB) in a 310-byte file. MetadataExtractor allocates a chunk's
        // declared length before reading it; the reader now cuts the PNG at the impossible chunk.
        byte[] png =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
            .. Chunk("IHDR", [0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0]),
            .. Chunk("tEXt", [.. "Software"u8, 0, .. "fuzz-test"u8]),
            0x74, 0x65, 0x72, 0x70, .. "iece"u8, .. new byte[20],
        ];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var summary = FakeLens.Provenance.Metadata.MetadataSummaryReader.Read(png);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated / 1e6:0} MB allocated for a {png.Length}-byte file");
        Assert.Contains(summary.ParserWarnings, w => w.Contains("'iece'", StringComparison.Ordinal) && w.Contains("1952805488 bytes", StringComparison.Ordinal));
        Assert.Contains(summary.SoftwareMentions, m => m.Value.Contains("fuzz-test", StringComparison.Ordinal));

        var raw = FuzzCorpus.Finding("metadata", "png-chunk-declaring-2gb.png");
        before = GC.GetAllocatedBytesForCurrentThread();
        _ = FakeLens.Provenance.Metadata.MetadataSummaryReader.Read(raw);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L * 1024 * 1024);
    }

    [Fact]
    public void A_bmp_header_of_18_bytes_is_still_a_bmp()
    {
        var head = new byte[18];
        head[0] = (byte)'B';
        head[1] = (byte)'M';
        head[14] = 40; // BITMAPINFOHEADER

        Assert.Equal(MediaFormat.Bmp, MediaSniffer.FromBytes(head));
    }

    [Fact]
    public void A_png_whose_pixel_stream_asks_for_a_zlib_dictionary_is_read_without_an_exception()
    {
        // afl++ "png" target: IDAT starting 78 20 (FDICT set). zlib answers Z_NEED_DICT, .NET throws ZLibException
        // (an IOException), which the stealth-alpha reader did not catch.
        var png = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Seeds", "png", "rgba.png"));
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        Assert.True(idat > 0);
        png[idat + 5] = 0x20;

        var labels = LabelReader.Read(png, FuzzTargets.MaxPixels, CancellationToken.None);

        Assert.DoesNotContain(labels.Texts, t => t.Key == "stealth");
    }

    [Fact]
    public void A_ztxt_chunk_asking_for_a_zlib_dictionary_is_skipped_and_other_text_still_read()
    {
        // The same zlib answer in a compressed text chunk (BoundedInflater had the same gap).
        var png = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Seeds", "png", "rgb.png"));
        byte[] ztxt = [.. "prompt"u8, 0, 0, 0x78, 0x20, 0x00, 0x00, 0x00, 0x01, 0x4B, 0x04, 0x00];
        byte[] text = [.. "Software"u8, 0, .. "seed-writer"u8];
        var patched = png[..33].Concat(Chunk("zTXt", ztxt)).Concat(Chunk("tEXt", text)).Concat(png[33..]).ToArray();

        var labels = LabelReader.Read(patched, FuzzTargets.MaxPixels, CancellationToken.None);

        Assert.Contains(labels.Texts, t => t.Value.Contains("seed-writer", StringComparison.Ordinal));
        Assert.DoesNotContain(labels.Texts, t => t.Key == "prompt");
        Assert.Contains(labels.Notes, n => n.Contains("corrupt", StringComparison.Ordinal));
    }

    private static byte[] Chunk(string type, byte[] body)
    {
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)body.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        body.CopyTo(chunk, 8);
        return chunk; // CRC left zero: the label reader does not check it
    }
}
