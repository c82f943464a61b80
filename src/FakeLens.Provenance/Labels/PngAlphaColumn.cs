using System.Buffers.Binary;
using System.IO.Compression;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads the alpha values of the first pixel column of the top rows of an 8-bit, non-interlaced PNG with alpha
/// (colour types 4 and 6) straight from the IDAT stream, without decoding the image. Column 0 can be reconstructed on
/// its own: with no left neighbour, every PNG filter (Sub, Up, Average, Paeth; PNG specification §9.2) depends only on
/// the byte above. This lets the stealth reader rule out a payload (its magic lies in column 0) for the cost of
/// inflating a few rows instead of decoding the whole picture.
/// </summary>
internal static class PngAlphaColumn
{
    /// <summary>Alpha of pixels (0, 0) … (0, rows − 1), or null when the PNG is of another kind or damaged.</summary>
    public static byte[]? Read(ReadOnlyMemory<byte> file, int rows)
    {
        var span = file.Span;
        if (!PngTextChunks.IsPng(span) || span.Length < 33 || !span.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(16, 4));
        var height = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(20, 4));
        var depth = span[24];
        var colourType = span[25];
        var interlace = span[28];
        if (depth != 8 || interlace != 0 || colourType is not (4 or 6) || height < (uint)rows || width == 0 || width > 1 << 24)
        {
            return null;
        }

        var bpp = colourType == 6 ? 4 : 2;
        var rowLength = (int)width * bpp;
        var ranges = new List<(int Start, int Length)>();
        var pos = 8;
        for (var n = 0; n < 1_000_000 && pos + 8 <= span.Length; n++)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(pos, 4));
            if (length > int.MaxValue || pos + 8 + (long)length > span.Length)
            {
                break;
            }

            var type = span.Slice(pos + 4, 4);
            if (type.SequenceEqual("IDAT"u8))
            {
                ranges.Add((pos + 8, (int)length));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            pos += 12 + (int)length;
        }

        try
        {
            using var z = new ZLibStream(new RangeStream(file, ranges), CompressionMode.Decompress);
            var row = new byte[1 + rowLength];
            var alpha = new byte[rows];
            byte above = 0;
            for (var y = 0; y < rows; y++)
            {
                z.ReadExactly(row);
                var raw = row[bpp]; // filter byte, then the pixel bytes; alpha is the last byte of pixel 0
                var value = row[0] switch
                {
                    0 or 1 => raw,
                    2 or 4 => (byte)(raw + above),
                    3 => (byte)(raw + (above >> 1)),
                    _ => (byte?)null,
                };
                if (value is not { } a)
                {
                    return null;
                }

                alpha[y] = a;
                above = a;
            }

            return alpha;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // IOException: zlib's own errors (ZLibException), e.g. a stream asking for a preset dictionary (found by
            // fuzzing), and EndOfStreamException.
            return null;
        }
    }

    /// <summary>A read-only stream over several ranges of a buffer (the IDAT chunk payloads, in order).</summary>
    private sealed class RangeStream(ReadOnlyMemory<byte> data, List<(int Start, int Length)> ranges) : Stream
    {
        private int _range;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_range < ranges.Count && _offset >= ranges[_range].Length)
            {
                _range++;
                _offset = 0;
            }

            if (_range >= ranges.Count || buffer.Length == 0)
            {
                return 0;
            }

            var (start, length) = ranges[_range];
            var n = Math.Min(buffer.Length, length - _offset);
            data.Span.Slice(start + _offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
