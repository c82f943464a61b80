using System.Buffers.Binary;
using System.Text;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Video.Container;

namespace FakeLens.Video.Tests.Container;

public sealed class EditListReaderTests : IDisposable
{
    private readonly Clips _clips = new();

    [Fact]
    public void A_plain_encode_has_one_entry_that_shows_the_media_from_its_start()
    {
        var path = _clips.Make("plain.mp4", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0");
        var video = Assert.Single(EditListReader.Read(path), l => l.Handler == "vide");
        var entry = Assert.Single(video.Entries);
        Assert.Equal(0, entry.MediaTimeSeconds!.Value, 3);
        Assert.Equal(2, entry.DurationSeconds, 1);
        Assert.Equal(0, video.EmptyEdits);
        Assert.False(video.RateChanged);
    }

    [Fact]
    public async Task A_delayed_start_is_an_empty_edit_and_the_detector_says_so()
    {
        var path = _clips.Make("delayed.mp4", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-output_ts_offset", "1");
        var video = Assert.Single(EditListReader.Read(path), l => l.Handler == "vide");
        Assert.Equal(1, video.EmptyEdits);
        Assert.Equal(1, video.Entries[0].DurationSeconds, 2);

        var container = Assert.Single(await Analyze(path), e => e.Id == "video.container");
        Assert.Contains("empty edit", container.Explanation, StringComparison.Ordinal);
        Assert.Contains(container.Facts, f => f.Name == "edit list (video)" && f.Value.StartsWith("2 entries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_copy_cut_between_keyframes_is_reported_as_a_trim()
    {
        var source = _clips.Make("long.mp4", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "100", "-bf", "0");
        var cut = _clips.Make("cut.mp4", "-ss", "1.2", "-i", source, "-c", "copy");
        var video = Assert.Single(EditListReader.Read(cut), l => l.Handler == "vide");
        Assert.Equal(1.2, Assert.Single(video.Entries).MediaTimeSeconds!.Value, 1);

        var container = Assert.Single(await Analyze(cut), e => e.Id == "video.container");
        Assert.Contains("skips the first 1.2 s", container.Explanation, StringComparison.Ordinal);
        var plain = Assert.Single(await Analyze(source), e => e.Id == "video.container");
        Assert.DoesNotContain("skips", plain.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_segments_and_a_changed_rate_are_read_from_the_boxes()
    {
        // Two media segments (0–1 s and 3–4 s of the media), the second at half speed.
        var bytes = Movie(movieScale: 1000, mediaScale: 90000, ("vide", [(1000, 0, 1.0), (2000, 3 * 90000, 0.5)]));
        var list = Assert.Single(EditListReader.Read(new MemoryStream(bytes)));
        Assert.Equal(2, list.MediaEdits);
        Assert.True(list.RateChanged);
        Assert.Equal(3, list.Entries[1].MediaTimeSeconds!.Value, 6);
        Assert.Equal(2, list.Entries[1].DurationSeconds, 6);
        Assert.Equal(0.5, list.Entries[1].Rate, 6);
    }

    [Fact]
    public void Truncated_or_foreign_bytes_give_no_edit_lists_and_no_exception()
    {
        var bytes = Movie(1000, 90000, ("vide", [(1000, 0, 1.0), (2000, 90000, 1.0)]));
        Assert.Empty(EditListReader.Read(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Empty(EditListReader.Read(new MemoryStream(Encoding.ASCII.GetBytes("RIFF....AVI LIST not an mp4 at all"))));
        Assert.Empty(EditListReader.Read(new MemoryStream([0, 0, 0, 1, (byte)'m', (byte)'o', (byte)'o', (byte)'v'])));
    }

    private static async Task<IReadOnlyList<Core.Evidence.Evidence>> Analyze(string path) =>
        await new VideoContainerDetector().AnalyzeAsync(new AnalysisContext(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null), ScanLimits.Default), CancellationToken.None);

    private static byte[] Movie(uint movieScale, uint mediaScale, params (string Handler, (uint Duration, int MediaTime, double Rate)[] Entries)[] tracks)
    {
        var traks = new List<byte[]>();
        foreach (var (handler, entries) in tracks)
        {
            var elst = new byte[8 + (12 * entries.Length)];
            BinaryPrimitives.WriteUInt32BigEndian(elst.AsSpan(4), (uint)entries.Length);
            for (var i = 0; i < entries.Length; i++)
            {
                var e = elst.AsSpan(8 + (12 * i));
                BinaryPrimitives.WriteUInt32BigEndian(e, entries[i].Duration);
                BinaryPrimitives.WriteInt32BigEndian(e[4..], entries[i].MediaTime);
                BinaryPrimitives.WriteInt16BigEndian(e[8..], (short)Math.Floor(entries[i].Rate));
                BinaryPrimitives.WriteUInt16BigEndian(e[10..], (ushort)((entries[i].Rate - Math.Floor(entries[i].Rate)) * 65536));
            }

            var hdlr = new byte[24];
            Encoding.ASCII.GetBytes(handler).CopyTo(hdlr, 8);
            traks.Add(Box("trak", Box("edts", Box("elst", elst)), Box("mdia", Box("mdhd", Header(mediaScale)), Box("hdlr", hdlr))));
        }

        return [.. Box("ftyp", Encoding.ASCII.GetBytes("isom\0\0\0\0")), .. Box("moov", [.. Box("mvhd", Header(movieScale)), .. traks.SelectMany(t => t)])];
    }

    private static byte[] Header(uint timescale)
    {
        var b = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(12), timescale);
        return b;
    }

    private static byte[] Box(string type, params byte[][] bodies)
    {
        var body = bodies.SelectMany(b => b).ToArray();
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    public void Dispose() => _clips.Dispose();
}
