using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Re-serialises parsed JSON exactly as Python's <c>json.dumps</c> does with default arguments: separators ", " and
/// ": ", keys in document order, <c>ensure_ascii</c> (everything outside space..tilde as lowercase <c>\uXXXX</c>, the
/// short escapes for \b \f \n \r \t \" \\), integers as written, floats as Python's <c>repr</c> (shortest round-trip
/// digits; exponent form when the decimal point position is ≤ −4 or &gt; 16, else fixed with at least ".0").
/// NovelAI's signature is computed over this form of its Comment (nai_sig.py <c>json_dumps(comment)</c>).
/// </summary>
internal static class PythonJson
{
    private const int MaxDepth = 64;

    public static string Dumps(JsonElement element, string? skipTopLevelKey = null)
    {
        var sb = new StringBuilder();
        Write(sb, element, skipTopLevelKey, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement e, string? skip, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonException("nested too deeply");
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in e.EnumerateObject())
                {
                    if (skip is not null && p.Name == skip)
                    {
                        continue;
                    }

                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    String(sb, p.Name);
                    sb.Append(": ");
                    Write(sb, p.Value, null, depth + 1);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, item, null, depth + 1);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                String(sb, e.GetString()!);
                break;
            case JsonValueKind.Number:
                sb.Append(Number(e.GetRawText()));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>A JSON number token as Python prints it after json.loads: integers as written, floats via repr.</summary>
    public static string Number(string raw)
    {
        if (raw.AsSpan().IndexOfAny(".eE") < 0)
        {
            return raw.StartsWith("-0", StringComparison.Ordinal) && raw.Trim('-', '0').Length == 0 ? "0" : raw;
        }

        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return Repr(d);
    }

    /// <summary>Python's repr of a float.</summary>
    public static string Repr(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        var negative = d < 0 || (d == 0 && double.IsNegative(d));
        if (d == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        // Shortest round-trip digits and the decimal exponent from .NET's "R" form ("1.5E+16", "0.0001", "123.45").
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..ePos];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? r : r[..dot];
        var digits = (intPart + (dot < 0 ? string.Empty : r[(dot + 1)..])).TrimStart('0');
        var leadingZeros = (intPart + (dot < 0 ? string.Empty : r[(dot + 1)..])).Length - digits.Length;
        var decpt = intPart.Length + exponent - leadingZeros; // value = 0.DIGITS × 10^decpt
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (decpt <= -4 || decpt > 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decpt <= 0)
        {
            sb.Append("0.").Append('0', -decpt).Append(digits);
        }
        else if (decpt >= digits.Length)
        {
            sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }

        return sb.ToString();
    }

    private static void String(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c is >= ' ' and <= '~')
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
