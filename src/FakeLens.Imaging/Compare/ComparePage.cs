using System.Net;
using System.Text;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// What the picture and the video comparison pages share: the page head with its title, the line of facts about
/// the two files, the summary coloured by whether they are related, and the list of global operations. Each page
/// adds its own styles and sections.
/// </summary>
public static class ComparePage
{
    private const string BaseCss = "body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:1100px;color:#222}h1{margin:0}.meta{color:#666;font-size:.9em}.summary{font-size:1.1em;padding:.6em;border-radius:6px}.related{background:#eef5ff}.unrelated{background:#fff2e0}";

    /// <summary>Opens the page and writes its header; <paramref name="metaHtml"/> is already encoded.</summary>
    public static void Head(StringBuilder sb, string title, string css, string metaHtml, bool related, string summary)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
          .Append(E(title)).Append("</title><style>").Append(BaseCss).Append(css).Append("</style></head><body><header><h1>").Append(E(title)).Append("</h1>")
          .Append("<p class=\"meta\">").Append(metaHtml).Append("</p>")
          .Append("<p class=\"summary ").Append(related ? "related" : "unrelated").Append("\">").Append(E(summary)).Append("</p></header>");
    }

    /// <summary>A list item per global operation, or one item saying <paramref name="none"/>.</summary>
    public static void Operations(StringBuilder sb, IReadOnlyList<GlobalOperation> operations, string none)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var op in operations)
        {
            sb.Append("<li><b>").Append(E(op.Kind)).Append("</b>: ").Append(E(op.Description)).Append("</li>");
        }

        if (operations.Count == 0)
        {
            sb.Append("<li>").Append(E(none)).Append("</li>");
        }
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
