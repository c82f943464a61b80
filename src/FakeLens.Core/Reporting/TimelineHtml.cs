using System.Globalization;
using System.Net;
using System.Text;
using FakeLens.Core.Evidence;

namespace FakeLens.Core.Reporting;

/// <summary>
/// The HTML form of a video <see cref="Timeline"/>: score curves over time (SVG, one colour per curve, flagged
/// segments shaded), a strip of thumbnails, and a viewer: clicking a thumbnail shows the frame larger with its
/// heatmaps over it and the curves' scores on that frame; a marker on the curves shows where it sits.
/// </summary>
internal static class TimelineHtml
{
    private const int PlotWidth = 1000;
    private const int PlotHeight = 150;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Colours = ["#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457"];

    public static void Write(StringBuilder sb, Timeline timeline, string id)
    {
        var duration = Math.Max(timeline.DurationSeconds, 1e-3);
        sb.Append(Inv, $"<div class=\"timeline\" id=\"{id}\"><h3>Timeline</h3><p class=\"meta\">{timeline.Frames.Count} frame(s) shown; {timeline.CoveredSeconds:0.#} of {timeline.DurationSeconds:0.#} s sampled. Curves: 0 (bottom) to 1 (top); shaded: flagged segments. Click a frame to see it with its maps.</p>");
        sb.Append(Inv, $"<svg class=\"curves\" viewBox=\"0 0 {PlotWidth} {PlotHeight + 20}\" preserveAspectRatio=\"none\">");
        sb.Append(Inv, $"<rect x=\"0\" y=\"0\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"#f4f4f4\"/>");
        sb.Append(Inv, $"<line x1=\"0\" x2=\"{PlotWidth}\" y1=\"{PlotHeight / 2}\" y2=\"{PlotHeight / 2}\" stroke=\"#ddd\"/>");
        var colourOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in timeline.Series)
        {
            colourOf.TryAdd(s.Label, Colours[colourOf.Count % Colours.Length]);
        }

        foreach (var seg in timeline.Segments)
        {
            var x0 = X(seg.StartSeconds, duration);
            var x1 = Math.Max(x0 + 2, X(seg.EndSeconds, duration));
            var c = colourOf.GetValueOrDefault(seg.Series, "#999");
            sb.Append(Inv, $"<rect x=\"{x0:0.#}\" y=\"0\" width=\"{x1 - x0:0.#}\" height=\"{PlotHeight}\" fill=\"{c}\" opacity=\"0.15\"><title>{E(seg.Series)}: {seg.StartSeconds:0.0}–{seg.EndSeconds:0.0} s (peak {seg.Score:0.00})</title></rect>");
        }

        foreach (var s in timeline.Series)
        {
            var points = new StringBuilder();
            for (var i = 0; i < s.Values.Count; i++)
            {
                var v = s.Values[i];
                if (v < 0 || float.IsNaN(v))
                {
                    Flush(sb, points, colourOf[s.Label], s.Label);
                    continue;
                }

                var t = s.StartSeconds + ((i + 0.5) * s.StepSeconds);
                points.Append(Inv, $"{X(t, duration):0.#},{PlotHeight * (1 - Math.Clamp(v, 0, 1)):0.#} ");
            }

            Flush(sb, points, colourOf[s.Label], s.Label);
        }

        for (var k = 0; k <= 4; k++)
        {
            var t = duration * k / 4;
            sb.Append(Inv, $"<text x=\"{Math.Min(X(t, duration), PlotWidth - 40):0}\" y=\"{PlotHeight + 15}\" font-size=\"12\" fill=\"#666\">{Clock(t)}</text>");
        }

        sb.Append(Inv, $"<line class=\"marker\" x1=\"-10\" x2=\"-10\" y1=\"0\" y2=\"{PlotHeight}\" stroke=\"#000\" stroke-width=\"2\"/></svg>");
        sb.Append("<p class=\"legend\">");
        foreach (var (label, colour) in colourOf)
        {
            sb.Append(Inv, $"<span style=\"color:{colour}\">■</span> {E(label)} ");
        }

        sb.Append("</p><div class=\"strip\">");
        foreach (var f in timeline.Frames)
        {
            var maps = string.Join('|', f.Heatmaps.Select(h => "data:image/png;base64," + Convert.ToBase64String(h.ColourPng)));
            var caption = Clock(f.TimeSeconds) + (f.Scores.Count == 0 ? string.Empty : " · " + string.Join(", ", f.Scores.Select(kv => string.Create(Inv, $"{kv.Key} {kv.Value:0.00}"))));
            var flagged = timeline.Segments.Any(s => f.TimeSeconds >= s.StartSeconds - 1e-6 && f.TimeSeconds < s.EndSeconds) ? " flagged" : string.Empty;
            sb.Append(Inv, $"<img class=\"tl-thumb{flagged}\" src=\"{f.Thumbnail}\" width=\"{f.Width}\" height=\"{f.Height}\" alt=\"{E(Clock(f.TimeSeconds))}\" title=\"{E(caption)}\" data-x=\"{X(f.TimeSeconds, duration):0.#}\" data-caption=\"{E(caption)}\" data-maps=\"{maps}\">");
        }

        sb.Append("</div><div class=\"tl-view\" hidden><div class=\"stage\"><img class=\"base\" alt=\"frame\"></div><p class=\"tl-caption\"></p></div></div>");
    }

    private static void Flush(StringBuilder sb, StringBuilder points, string colour, string label)
    {
        if (points.Length == 0)
        {
            return;
        }

        sb.Append(Inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"><title>{E(label)}</title></polyline>");
        points.Clear();
    }

    private static double X(double t, double duration) => PlotWidth * Math.Clamp(t / duration, 0, 1);

    private static string Clock(double seconds)
    {
        var s = Math.Max(0, seconds);
        var m = (int)(s / 60);
        return string.Create(Inv, $"{m}:{s - (m * 60):00.0}");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    public const string Css = """
        .timeline{margin:.8em 0}.timeline svg.curves{width:100%;height:170px;display:block}
        .timeline .legend{font-size:.85em;margin:.2em 0}
        .timeline .strip{display:flex;gap:3px;overflow-x:auto;padding:.3em 0}
        .timeline .strip img{height:64px;width:auto;cursor:pointer;border:2px solid transparent}
        .timeline .strip img.flagged{border-color:#c62828}.timeline .strip img.sel{outline:3px solid #000}
        .timeline .tl-view .stage img.base{width:480px;max-width:100%;image-rendering:auto}
        """;

    public const string Script = """
        document.querySelectorAll('.timeline').forEach(function(tl){
          var view=tl.querySelector('.tl-view'),stage=view.querySelector('.stage'),base=stage.querySelector('img.base'),cap=view.querySelector('.tl-caption'),marker=tl.querySelector('line.marker');
          tl.querySelectorAll('img.tl-thumb').forEach(function(t){t.addEventListener('click',function(){
            tl.querySelectorAll('img.tl-thumb.sel').forEach(function(o){o.classList.remove('sel');});t.classList.add('sel');
            view.hidden=false;base.src=t.src;cap.textContent=t.dataset.caption;marker.setAttribute('x1',t.dataset.x);marker.setAttribute('x2',t.dataset.x);
            stage.querySelectorAll('img.overlay').forEach(function(o){o.remove();});
            (t.dataset.maps||'').split('|').filter(function(m){return m;}).forEach(function(m){var o=document.createElement('img');o.className='overlay';o.style.opacity=0.5;o.src=m;o.alt='';stage.appendChild(o);});
          });});});
        """;
}
