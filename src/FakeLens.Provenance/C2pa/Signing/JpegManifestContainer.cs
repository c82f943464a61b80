using System.Buffers.Binary;
using FakeLens.Core.Detection;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// JPEG carriage (C2PA spec §A.3.1, ISO/IEC 18477-3 JPEG XT box format): APP11 segments, each
/// <c>FF EB Lp 'JP' En Z LBox TBox payload</c>, the superbox header repeated in every segment and the payload split
/// into pieces of at most 65,517 bytes, placed after the leading APPn segments.
/// </summary>
internal sealed class JpegManifestContainer : IManifestContainer
{
    private const int MaxPayload = 65535 - 2 - 8 - 8;
    private const int SegmentOverhead = 2 + 2 + 8 + 8;
    private const ushort BoxInstance = 0x0211;

    public string MediaType => "image/jpeg";

    public string HardBindingLabel => DataHashBinding.Label;

    public byte[] HardBinding(long start, long length, byte[] hash) => DataHashBinding.Cbor(start, length, hash);

    public byte[] Hash(byte[] file, long start, long length) => DataHashBinding.Hash(file, start, length);

    public PreparedAsset Prepare(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 4 || input[0] != 0xFF || input[1] != 0xD8)
        {
            throw new MediaException("Not a JPEG file (no start-of-image marker).") { Code = "unsupported" };
        }

        var segments = ReadHeaderSegments(input, out var scanStart);
        var c2paInstances = new HashSet<ushort>();
        foreach (var (start, length) in segments)
        {
            if (IsJumbf(input, start, length, out var en, out var sequence) && sequence == 1 && IsC2paStore(input, start, length))
            {
                c2paInstances.Add(en);
            }
        }

        using var output = new MemoryStream(input.Length);
        output.Write(input, 0, 2);
        var insertOffset = 2;
        var inLeadingAppSegments = true;
        foreach (var (start, length) in segments)
        {
            if (IsJumbf(input, start, length, out var en, out _) && c2paInstances.Contains(en))
            {
                continue;
            }

            var marker = input[start + 1];
            if (inLeadingAppSegments && !(marker >= 0xE0 && marker <= 0xEF))
            {
                inLeadingAppSegments = false;
            }

            output.Write(input, start, length);
            if (inLeadingAppSegments)
            {
                insertOffset = (int)output.Length;
            }
        }

        output.Write(input, scanStart, input.Length - scanStart);
        return new PreparedAsset(output.ToArray(), insertOffset, c2paInstances.Count > 0);
    }

    public int EmbeddedLength(int storeLength)
    {
        var payload = storeLength - 8;
        var segments = Math.Max(1, (payload + MaxPayload - 1) / MaxPayload);
        return checked((segments * SegmentOverhead) + payload);
    }

    public byte[] Embed(PreparedAsset asset, byte[] store)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(store);
        var embedded = EmbeddedLength(store.Length);
        var result = new byte[asset.Bytes.Length + embedded];
        asset.Bytes.AsSpan(0, asset.InsertOffset).CopyTo(result);
        var at = asset.InsertOffset;
        var payload = store.AsSpan(8);
        uint sequence = 1;
        do
        {
            var piece = Math.Min(MaxPayload, payload.Length);
            var span = result.AsSpan(at);
            span[0] = 0xFF;
            span[1] = 0xEB;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)(2 + 8 + 8 + piece));
            span[4] = (byte)'J';
            span[5] = (byte)'P';
            BinaryPrimitives.WriteUInt16BigEndian(span[6..], BoxInstance);
            BinaryPrimitives.WriteUInt32BigEndian(span[8..], sequence++);
            store.AsSpan(0, 8).CopyTo(span[12..]);
            payload[..piece].CopyTo(span[20..]);
            payload = payload[piece..];
            at += SegmentOverhead + piece;
        }
        while (!payload.IsEmpty);

        asset.Bytes.AsSpan(asset.InsertOffset).CopyTo(result.AsSpan(at));
        return result;
    }

    /// <summary>Marker segments from after SOI up to (not including) the first SOS; scanStart is where SOS begins.</summary>
    private static List<(int Start, int Length)> ReadHeaderSegments(byte[] data, out int scanStart)
    {
        var segments = new List<(int, int)>();
        var i = 2;
        while (true)
        {
            if (i + 1 >= data.Length)
            {
                throw new MediaException("The JPEG ends before its image data (no start-of-scan marker).") { Code = "corrupt" };
            }

            if (data[i] != 0xFF)
            {
                throw new MediaException($"The JPEG has no marker where one is required (offset {i}).") { Code = "corrupt" };
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                scanStart = i;
                return segments;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                segments.Add((i, 2));
                i += 2;
                continue;
            }

            if (i + 4 > data.Length)
            {
                throw new MediaException("The JPEG is truncated inside a marker segment.") { Code = "corrupt" };
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 2));
            if (length < 2 || i + 2 + length > data.Length)
            {
                throw new MediaException($"A JPEG marker segment at offset {i} claims {length} bytes, beyond the end of the file.") { Code = "corrupt" };
            }

            segments.Add((i, 2 + length));
            i += 2 + length;
        }
    }

    private static bool IsJumbf(byte[] data, int start, int length, out ushort instance, out uint sequence)
    {
        instance = 0;
        sequence = 0;
        if (data[start + 1] != 0xEB || length < 4 + 16)
        {
            return false;
        }

        var s = data.AsSpan(start + 4, length - 4);
        if (s[0] != 'J' || s[1] != 'P' || s[12] != 'j' || s[13] != 'u' || s[14] != 'm' || s[15] != 'b')
        {
            return false;
        }

        instance = BinaryPrimitives.ReadUInt16BigEndian(s[2..]);
        sequence = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        return true;
    }

    private static bool IsC2paStore(byte[] data, int start, int length)
    {
        // CI En Z LBox TBox, then the description box: LBox 'jumd' UUID.
        var s = data.AsSpan(start + 4, length - 4);
        return s.Length >= 28 && s[20] == 'j' && s[21] == 'u' && s[22] == 'm' && s[23] == 'd' && s[24..28].SequenceEqual("c2pa"u8);
    }
}
