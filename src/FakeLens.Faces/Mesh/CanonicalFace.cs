namespace FakeLens.Faces.Mesh;

/// <summary>
/// MediaPipe's canonical 3-D face (the 468 mesh vertices of a neutral face, in centimetres, y up, z towards the
/// viewer), read from <c>geometry_pipeline_metadata_landmarks.binarypb</c>, which the bootstrap extracts beside the
/// mesh network. The file is a protobuf <c>GeometryPipelineMetadata</c>: field 1 is the canonical mesh, whose field 3
/// is the vertex buffer (x, y, z, u, v per vertex, as repeated or packed floats). Only that buffer is read.
/// </summary>
public sealed class CanonicalFace
{
    public const string FileName = "geometry_pipeline_metadata_landmarks.binarypb";

    private CanonicalFace(float[] xyz)
    {
        Xyz = xyz;
    }

    /// <summary>x, y, z per vertex, interleaved (468 vertices).</summary>
    public float[] Xyz { get; }

    /// <summary>The canonical face from a model folder, or null when the file is missing or not as expected.</summary>
    public static CanonicalFace? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllBytes(path)) : null;
    }

    /// <summary>Parses the protobuf bytes; null when no 468-vertex buffer is found.</summary>
    public static CanonicalFace? Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            var pos = 0;
            while (pos < bytes.Length)
            {
                var (field, wire) = Key(bytes, ref pos);
                if (field == 1 && wire == 2)
                {
                    var length = (int)Varint(bytes, ref pos);
                    var floats = VertexBuffer(bytes, pos, pos + length);
                    if (floats.Count == FaceMesh.PointCount * 5)
                    {
                        var xyz = new float[FaceMesh.PointCount * 3];
                        for (var i = 0; i < FaceMesh.PointCount; i++)
                        {
                            xyz[i * 3] = floats[i * 5];
                            xyz[(i * 3) + 1] = floats[(i * 5) + 1];
                            xyz[(i * 3) + 2] = floats[(i * 5) + 2];
                        }

                        return new CanonicalFace(xyz);
                    }

                    pos += length;
                }
                else
                {
                    Skip(bytes, ref pos, wire);
                }
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException or OverflowException)
        {
            return null;
        }

        return null;
    }

    private static List<float> VertexBuffer(byte[] b, int pos, int end)
    {
        var floats = new List<float>();
        while (pos < end)
        {
            var (field, wire) = Key(b, ref pos);
            if (field == 3 && wire == 5)
            {
                floats.Add(BitConverter.ToSingle(b, pos));
                pos += 4;
            }
            else if (field == 3 && wire == 2)
            {
                var length = (int)Varint(b, ref pos);
                for (var i = 0; i + 4 <= length; i += 4)
                {
                    floats.Add(BitConverter.ToSingle(b, pos + i));
                }

                pos += length;
            }
            else
            {
                Skip(b, ref pos, wire);
            }
        }

        return floats;
    }

    private static (int Field, int Wire) Key(byte[] b, ref int pos)
    {
        var key = Varint(b, ref pos);
        return ((int)(key >> 3), (int)(key & 7));
    }

    private static ulong Varint(byte[] b, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var c = b[pos++];
            result |= (ulong)(c & 0x7f) << shift;
            if (c < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint too long");
    }

    private static void Skip(byte[] b, ref int pos, int wire)
    {
        switch (wire)
        {
            case 0:
                Varint(b, ref pos);
                break;
            case 1:
                pos += 8;
                break;
            case 2:
                pos += (int)Varint(b, ref pos);
                break;
            case 5:
                pos += 4;
                break;
            default:
                throw new InvalidDataException($"unsupported wire type {wire}");
        }
    }
}
