using System.Buffers.Binary;
using System.Text;

namespace FakeLens.Video.Container;

// Method: walks the ISO base media file format box tree (ISO/IEC 14496-12) of an MP4/MOV file — moov → trak →
// edts → elst, with mdia/hdlr for the track's kind and mdia/mdhd and mvhd for the timescales — seeking over every
// other box, so only headers are read whatever the file's size. ffprobe applies edit lists but does not report them;
// they matter because editors express cuts, trims, pauses and speed changes as edit lists, while a camera writes at
// most one entry (often an encoder-delay skip). Bounded: at most 64 tracks, 1000 entries per track, a fixed box
// path; anything malformed ends the walk with what was read so far.

/// <summary>Reads the edit lists of an MP4/MOV file's tracks (headers only).</summary>
public static class EditListReader
{
    private const int MaxTracks = 64;
    private const int MaxEntries = 1000;

    public static IReadOnlyList<EditList> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        return Read(stream);
    }

    public static IReadOnlyList<EditList> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var result = new List<EditList>();
        try
        {
            foreach (var (type, start, size) in Boxes(stream, 0, stream.Length))
            {
                if (type == "moov")
                {
                    ReadMoov(stream, start, size, result);
                    break;
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException or OverflowException)
        {
            // A damaged header: report what was read before it.
        }

        return result;
    }

    private static void ReadMoov(Stream s, long start, long end, List<EditList> result)
    {
        uint movieScale = 0;
        var trackIndex = 0;
        foreach (var (type, bodyStart, bodyEnd) in Boxes(s, start, end))
        {
            if (type == "mvhd")
            {
                movieScale = Timescale(s, bodyStart);
            }
            else if (type == "trak" && trackIndex < MaxTracks)
            {
                var track = ReadTrak(s, bodyStart, bodyEnd, movieScale, trackIndex++);
                if (track is not null)
                {
                    result.Add(track);
                }
            }
        }
    }

    private static EditList? ReadTrak(Stream s, long start, long end, uint movieScale, int index)
    {
        var handler = "";
        uint mediaScale = 0;
        (long Start, long End)? elst = null;
        foreach (var (type, bodyStart, bodyEnd) in Boxes(s, start, end))
        {
            if (type == "edts")
            {
                foreach (var (t2, b2, e2) in Boxes(s, bodyStart, bodyEnd))
                {
                    if (t2 == "elst")
                    {
                        elst = (b2, e2);
                    }
                }
            }
            else if (type == "mdia")
            {
                foreach (var (t2, b2, _) in Boxes(s, bodyStart, bodyEnd))
                {
                    if (t2 == "mdhd")
                    {
                        mediaScale = Timescale(s, b2);
                    }
                    else if (t2 == "hdlr")
                    {
                        var h = ReadBytes(s, b2 + 8, 4);
                        handler = Encoding.ASCII.GetString(h);
                    }
                }
            }
        }

        if (elst is not { } box)
        {
            return null;
        }

        var head = ReadBytes(s, box.Start, 8);
        var version = head[0];
        var count = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(4));
        var entrySize = version == 1 ? 20 : 12;
        var n = (int)Math.Min(Math.Min(count, MaxEntries), (box.End - box.Start - 8) / entrySize);
        var bytes = ReadBytes(s, box.Start + 8, n * entrySize);
        var entries = new List<EditListEntry>(n);
        for (var i = 0; i < n; i++)
        {
            var e = bytes.AsSpan(i * entrySize);
            double duration;
            long mediaTime;
            if (version == 1)
            {
                duration = BinaryPrimitives.ReadUInt64BigEndian(e);
                mediaTime = BinaryPrimitives.ReadInt64BigEndian(e[8..]);
                e = e[16..];
            }
            else
            {
                duration = BinaryPrimitives.ReadUInt32BigEndian(e);
                mediaTime = BinaryPrimitives.ReadInt32BigEndian(e[4..]);
                e = e[8..];
            }

            var rate = BinaryPrimitives.ReadInt16BigEndian(e) + (BinaryPrimitives.ReadUInt16BigEndian(e[2..]) / 65536.0);
            entries.Add(new EditListEntry(
                movieScale == 0 ? double.NaN : duration / movieScale,
                mediaTime == -1 ? null : mediaScale == 0 ? double.NaN : mediaTime / (double)mediaScale,
                rate));
        }

        return new EditList(index, handler, entries);
    }

    /// <summary>Timescale of an mvhd/mdhd full box whose body starts at <paramref name="body"/>.</summary>
    private static uint Timescale(Stream s, long body)
    {
        var head = ReadBytes(s, body, 1);
        var offset = head[0] == 1 ? 4 + 8 + 8 : 4 + 4 + 4;
        return BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(s, body + offset, 4));
    }

    /// <summary>The boxes between <paramref name="start"/> and <paramref name="end"/>: type, body start, body end.</summary>
    private static IEnumerable<(string Type, long BodyStart, long BodyEnd)> Boxes(Stream s, long start, long end)
    {
        var pos = start;
        var guard = 0;
        while (pos + 8 <= end && guard++ < 100_000)
        {
            var head = ReadBytes(s, pos, 8);
            long size = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = Encoding.ASCII.GetString(head, 4, 4);
            var header = 8L;
            if (size == 1)
            {
                size = checked((long)BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(s, pos + 8, 8)));
                header = 16;
            }
            else if (size == 0)
            {
                size = end - pos;
            }

            if (size < header || pos + size > end)
            {
                yield break;
            }

            yield return (type, pos + header, pos + size);
            pos += size;
        }
    }

    private static byte[] ReadBytes(Stream s, long at, int count)
    {
        var buffer = new byte[count];
        s.Position = at;
        s.ReadExactly(buffer);
        return buffer;
    }
}
