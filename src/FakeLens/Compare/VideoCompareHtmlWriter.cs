using System.Globalization;
using System.Net;
using System.Text;
using FakeLens.Imaging.Compare;

namespace FakeLens.Compare;

/// <summary>
/// One self-contained HTML page for a video comparison (no external resources, like the picture comparison's page):
/// the summary, offset and global operations; a timeline of the suspect with every compared frame (aligned or not)
/// and the changed segments; per changed segment the original (aligned) and the suspect side by side at the frame
/// that differs most, its changed regions outlined; then a strip of evenly spaced frame pairs for context.
/// </summary>
public static class VideoCompareHtmlWriter
{
    private const int ContextPairs = 6;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The page for <paramref name="result"/>, with the thumbnails <see cref="VideoComparer"/> kept.</summary>
    public static string Write(VideoComparison result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder(128 * 1024);
        ComparePage.Head(sb, "FakeLens video comparison", Css, string.Create(Inv, $"suspect <b>{E(Path.GetFileName(result.Suspect))}</b> ({result.SuspectSeconds:0.0} s) · original <b>{E(Path.GetFileName(result.Original))}</b> ({result.OriginalSeconds:0.0} s) · schema {E(result.Schema)}"), result.Related, result.Summary);
        var aligned = result.Frames.Count(f => f.Related);
        sb.Append(Inv, $"<section><h2>Timing</h2><ul><li>Time offset: the suspect's {(result.OffsetSeconds >= 0 ? "start" : "first frame")} is at <b>{result.OffsetSeconds:0.0#} s</b> of the original{(result.OffsetSeconds > 0 ? " (the beginning was cut)" : string.Empty)}.</li>");
        sb.Append(Inv, $"<li>{aligned} of {result.Frames.Count} compared frame pairs align; mean hash distance of the paired frames {result.HashDistance:0.#} of 128 bits.</li></ul>");
        if (result.Related)
        {
            sb.Append("<h2>Every frame</h2><ul>");
            ComparePage.Operations(sb, result.Operations, "no global operation");

            sb.Append("</ul>");
        }

        sb.Append("</section>");
        Timeline(sb, result);
        if (result.Related)
        {
            sb.Append("<section><h2>Changed segments</h2>");
            if (result.Segments.Count == 0)
            {
                sb.Append("<p>No local edit stands out in any compared frame.</p>");
            }

            foreach (var seg in result.Segments)
            {
                sb.Append(Inv, $"<h3>{seg.StartSeconds:0.0}–{seg.EndSeconds:0.0} s</h3><p>{E(seg.Sentence)}</p>");
                var k = Peak(result, seg);
                if (k >= 0)
                {
                    Pair(sb, result, k, true);
                }
            }

            sb.Append("</section>");
        }

        if (result.Thumbnails.Count == result.Frames.Count && result.Frames.Count > 0)
        {
            sb.Append("<section><h2>Sampled frames</h2><p class=\"meta\">Evenly spaced compared frame pairs: the original (aligned onto the suspect's frame) left, the suspect right.</p><div class=\"grid\">");
            var n = Math.Min(ContextPairs, result.Frames.Count);
            for (var i = 0; i < n; i++)
            {
                Pair(sb, result, n == 1 ? 0 : (int)Math.Round(i * (result.Frames.Count - 1) / (double)(n - 1)), false);
            }

            sb.Append("</div></section>");
        }

        sb.Append("</body></html>");
        return sb.ToString();
    }

    /// <summary>The compared frame of <paramref name="seg"/> that differs most (index into Frames), or -1.</summary>
    private static int Peak(VideoComparison r, VideoSegment seg)
    {
        var best = -1;
        for (var k = 0; k < r.Frames.Count; k++)
        {
            var f = r.Frames[k];
            if (f.Seconds >= seg.StartSeconds - 1e-6 && f.Seconds < seg.EndSeconds - 1e-6 && (best < 0 || f.ChangedFraction > r.Frames[best].ChangedFraction))
            {
                best = k;
            }
        }

        return best < r.Thumbnails.Count ? best : -1;
    }

    private static void Pair(StringBuilder sb, VideoComparison r, int k, bool boxes)
    {
        var f = r.Frames[k];
        var t = r.Thumbnails[k];
        sb.Append("<div class=\"pair\"><figure>").Append(Img(t, t.Original, "original", null)).Append(Inv, $"<figcaption>original {f.OriginalSeconds:0.0} s{(f.Related ? string.Empty : " (does not align)")}</figcaption></figure>")
          .Append("<figure>").Append(Img(t, t.Suspect, "suspect", boxes ? f : null)).Append(Inv, $"<figcaption>suspect {f.Seconds:0.0} s{(f.Regions.Count > 0 ? string.Create(Inv, $" · {f.ChangedFraction * 100:0.#} % changed") : string.Empty)}</figcaption></figure></div>");
    }

    private static string Img(VideoThumbnail t, byte[] jpeg, string alt, VideoFrameChange? regions)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div class=\"thumb\" style=\"aspect-ratio:{t.Width}/{t.Height}\"><img src=\"data:image/jpeg;base64,{Convert.ToBase64String(jpeg)}\" alt=\"{alt}\">");
        if (regions is not null)
        {
            sb.Append(Inv, $"<svg viewBox=\"0 0 {t.Width} {t.Height}\" preserveAspectRatio=\"none\">");
            foreach (var g in regions.Regions)
            {
                sb.Append(Inv, $"<rect x=\"{g.Box.X * t.MapScale:0.#}\" y=\"{g.Box.Y * t.MapScale:0.#}\" width=\"{g.Box.Width * t.MapScale:0.#}\" height=\"{g.Box.Height * t.MapScale:0.#}\"><title>{E(g.Sentence)}</title></rect>");
            }

            sb.Append("</svg>");
        }

        return sb.Append("</div>").ToString();
    }

    /// <summary>The suspect's timeline: a tick per compared frame (green aligned, grey not), changed segments in red.</summary>
    private static void Timeline(StringBuilder sb, VideoComparison r)
    {
        var end = Math.Max(r.SuspectSeconds, r.Frames.Count > 0 ? r.Frames[^1].Seconds + 0.5 : 1);
        end = Math.Max(end, 0.1);
        double X(double s) => Math.Round(1000 * s / end, 1);
        sb.Append("<section><h2>Timeline of the suspect</h2><svg class=\"timeline\" viewBox=\"0 0 1000 60\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"timeline\"><rect x=\"0\" y=\"20\" width=\"1000\" height=\"20\" class=\"track\"/>");
        foreach (var seg in r.Segments)
        {
            sb.Append(Inv, $"<rect class=\"seg\" x=\"{X(seg.StartSeconds)}\" y=\"14\" width=\"{Math.Max(2, X(seg.EndSeconds) - X(seg.StartSeconds))}\" height=\"32\"><title>{E(seg.Sentence)}</title></rect>");
        }

        foreach (var f in r.Frames)
        {
            sb.Append(Inv, $"<line class=\"{(f.Related ? "ok" : "off")}\" x1=\"{X(f.Seconds)}\" x2=\"{X(f.Seconds)}\" y1=\"22\" y2=\"38\"><title>{f.Seconds:0.0} s ↔ original {f.OriginalSeconds:0.0} s</title></line>");
        }

        sb.Append(Inv, $"</svg><p class=\"meta\">0 s … {end:0.0} s · green: compared frame that aligns · grey: does not align · red: changed segment</p></section>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css = ".timeline{width:100%;height:60px}.track{fill:#eee}.seg{fill:#e33;opacity:.55}line.ok{stroke:#2a2;stroke-width:2}line.off{stroke:#999;stroke-width:2}"
        + ".pair{display:flex;gap:.5rem;margin-bottom:1rem}.pair figure{flex:1;margin:0}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:.5rem}"
        + ".thumb{position:relative;width:100%}.thumb img,.thumb svg{position:absolute;inset:0;width:100%;height:100%}.thumb svg rect{fill:none;stroke:#ff0;stroke-width:2;vector-effect:non-scaling-stroke}";
}
