using System.Formats.Cbor;
using System.Globalization;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// Decodes CBOR into plain objects (maps keyed by text, lists, byte arrays, strings, numbers, booleans, null),
/// with limits on depth and item count so that hostile input (deep nesting, endless indefinite-length items,
/// huge declared lengths) ends in a <see cref="C2paFormatException"/> rather than a crash or a hang.
/// </summary>
internal static class CborTree
{
    public const int MaxDepth = 64;

    public static object? Decode(ReadOnlyMemory<byte> data, int maxItems = 2_000_000)
    {
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
            var budget = maxItems;
            return ReadValue(reader, 0, ref budget);
        }
        catch (CborContentException ex)
        {
            throw new C2paFormatException("CBOR is malformed: " + ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new C2paFormatException("CBOR is malformed: " + ex.Message, ex);
        }
        catch (OverflowException ex)
        {
            throw new C2paFormatException("CBOR value out of range: " + ex.Message, ex);
        }
    }

    /// <summary>The encoded bytes of the value stored under <paramref name="key"/> in a top-level map.</summary>
    public static ReadOnlyMemory<byte>? RawMapValue(ReadOnlyMemory<byte> data, string key)
    {
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
            while (reader.PeekState() == CborReaderState.Tag)
            {
                reader.ReadTag();
            }

            var count = reader.ReadStartMap();
            for (var i = 0; count is null || i < count; i++)
            {
                if (reader.PeekState() == CborReaderState.EndMap)
                {
                    break;
                }

                var k = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
                if (k is null)
                {
                    reader.SkipValue();
                }

                var start = data.Length - reader.BytesRemaining;
                reader.SkipValue();
                var end = data.Length - reader.BytesRemaining;
                if (string.Equals(k, key, StringComparison.Ordinal))
                {
                    return data[start..end];
                }
            }
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException)
        {
            return null;
        }

        return null;
    }

    private static object? ReadValue(CborReader reader, int depth, ref int budget)
    {
        if (depth > MaxDepth)
        {
            throw new C2paFormatException($"CBOR nesting deeper than {MaxDepth} levels.");
        }

        if (--budget < 0)
        {
            throw new C2paFormatException("CBOR has too many items.");
        }

        switch (reader.PeekState())
        {
            case CborReaderState.Tag:
                reader.ReadTag();
                return ReadValue(reader, depth + 1, ref budget);
            case CborReaderState.StartMap:
                {
                    var count = reader.ReadStartMap();
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        var key = ReadValue(reader, depth + 1, ref budget);
                        var value = ReadValue(reader, depth + 1, ref budget);
                        map[KeyText(key)] = value;
                        if (count is { } c && map.Count > c)
                        {
                            break;
                        }
                    }

                    reader.ReadEndMap();
                    return map;
                }

            case CborReaderState.StartArray:
                {
                    reader.ReadStartArray();
                    var list = new List<object?>();
                    while (reader.PeekState() != CborReaderState.EndArray)
                    {
                        list.Add(ReadValue(reader, depth + 1, ref budget));
                    }

                    reader.ReadEndArray();
                    return list;
                }

            case CborReaderState.ByteString:
                return reader.ReadByteString();
            case CborReaderState.StartIndefiniteLengthByteString:
                return reader.ReadByteString();
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return reader.ReadTextString();
            case CborReaderState.UnsignedInteger:
                {
                    var v = reader.ReadUInt64();
                    return v <= long.MaxValue ? (long)v : (double)v;
                }

            case CborReaderState.NegativeInteger:
                return reader.ReadInt64();
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return reader.ReadDouble();
            case CborReaderState.Boolean:
                return reader.ReadBoolean();
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.Undefined:
                reader.ReadSimpleValue();
                return null;
            case CborReaderState.SimpleValue:
                reader.ReadSimpleValue();
                return null;
            default:
                throw new C2paFormatException("CBOR ended early or holds an unexpected item (" + reader.PeekState() + ").");
        }
    }

    private static string KeyText(object? key) => key switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        null => "null",
        _ => Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
