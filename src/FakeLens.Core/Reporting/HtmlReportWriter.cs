using System.Globalization;
using System.Net;
using System.Text;
using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;

namespace FakeLens.Core.Reporting;

/// <summary>
/// Writes one self-contained HTML file (no external resources): per file the verdict, the reasons, the image
/// with every heatmap as a switchable overlay (opacity slider) and regions outlined, evidence cards grouped by
/// category, a metadata table and any errors. <paramref name="preview"/> supplies the picture as a data URI
/// (null when the file cannot be shown).
/// </summary>
public sealed class HtmlReportWriter(Func<FileReport, string?> preview)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string Write(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>FakeLens report</title><style>").Append(Css).Append(TimelineHtml.Css).Append("</style></head><body>");
        sb.Append(Inv, $"<header><h1>FakeLens report</h1><p class=\"meta\">{E(report.Tool.Name)} {E(report.Tool.Version)} · {report.StartedAt:yyyy-MM-dd HH:mm} UTC · {report.Summary.Files} file(s), {report.Summary.Errors} error(s) · schema {E(report.SchemaVersion)}</p>");
        sb.Append("<p class=\"bands\">");
        foreach (var (band, count) in report.Summary.Bands.Where(b => b.Value > 0))
        {
            sb.Append(Inv, $"<span class=\"badge {BandClass(band)}\">{E(BandName(band))}: {count}</span> ");
        }

        sb.Append("</p><details><summary>How to read this report</summary><p>Each file gets one of five verdicts: <b>AI-generated</b>, <b>manipulated</b>, <b>authentic with verified provenance</b> (a valid signed record vouches for it), <b>no evidence found</b> (nothing suspicious was seen — not proof of authenticity) or <b>inconclusive</b> (weak or contradictory evidence: look closer). Evidence cards say what each detector measured, which way it points and how reliable it is on this file. Heatmaps show where a detector saw something unusual: red is more unusual; use the slider to fade them.</p></details></header>");
        var index = 0;
        foreach (var file in report.Files)
        {
            WriteFile(sb, file, index++);
        }

        sb.Append("<script>").Append(Script).Append(TimelineHtml.Script).Append("</script></body></html>");
        return sb.ToString();
    }

    private void WriteFile(StringBuilder sb, FileReport f, int index)
    {
        sb.Append(Inv, $"<section class=\"file\" id=\"f{index}\"><h2>{E(f.Path)}</h2>");
        var facts = new List<string>();
        if (f.Media is { } m)
        {
            facts.Add(m.MimeType);
        }

        if (f.Width is { } w && f.Height is { } h)
        {
            facts.Add(string.Create(Inv, $"{w} × {h} px"));
        }

        if (f.SizeBytes is { } size)
        {
            facts.Add(string.Create(Inv, $"{size:N0} bytes"));
        }

        facts.Add(string.Create(Inv, $"{f.Timings.TotalMs:0} ms"));
        sb.Append("<p class=\"meta\">").Append(E(string.Join(" · ", facts)));
        if (f.Sha256 is not null)
        {
            sb.Append("<br><span class=\"hash\">SHA-256 ").Append(E(f.Sha256)).Append("</span>");
        }

        sb.Append("</p>");
        if (f.Status == FileStatus.Error)
        {
            sb.Append(Inv, $"<div class=\"error\"><b>Not analysed ({E(f.Error?.Code ?? "error")}):</b> {E(f.Error?.Message ?? string.Empty)}</div>");
        }

        if (f.Verdict is { } v)
        {
            WriteVerdict(sb, v);
        }

        WriteStage(sb, f, index);
        var timelines = 0;
        foreach (var e in f.Evidence.Where(e => e.Timeline is not null))
        {
            TimelineHtml.Write(sb, e.Timeline!, string.Create(Inv, $"t{index}-{timelines++}"));
        }

        WriteCards(sb, f);
        WriteMetadata(sb, f);
        if (f.DetectorErrors.Count > 0)
        {
            sb.Append("<h3>Detectors that could not run</h3><ul class=\"errors\">");
            foreach (var d in f.DetectorErrors)
            {
                sb.Append(Inv, $"<li><code>{E(d.Detector ?? "?")}</code> ({E(d.Code)}): {E(d.Message)}</li>");
            }

            sb.Append("</ul>");
        }

        sb.Append("</section>");
    }

    private static void WriteVerdict(StringBuilder sb, Verdict v)
    {
        var p = v.Probabilities;
        var confidence = v.Band is VerdictBand.NoEvidenceFound or VerdictBand.Inconclusive ? string.Empty : v.Confidence.ToString("P0", Inv);
        sb.Append(Inv, $"<div class=\"verdict {BandClass(v.Band)}\"><div class=\"band\">{E(BandName(v.Band))} <span class=\"conf\">{confidence}</span></div><p>{E(v.Summary)}</p><ul>");
        foreach (var r in v.Reasons)
        {
            sb.Append("<li>").Append(E(r)).Append("</li>");
        }

        sb.Append("</ul><div class=\"probs\" title=\"Posterior probabilities\">");
        sb.Append(Inv, $"<span class=\"p-ai\" style=\"width:{p.AiGenerated * 100:0.#}%\">AI {p.AiGenerated:P0}</span>");
        sb.Append(Inv, $"<span class=\"p-man\" style=\"width:{p.Manipulated * 100:0.#}%\">edit {p.Manipulated:P0}</span>");
        sb.Append(Inv, $"<span class=\"p-auth\" style=\"width:{p.Authentic * 100:0.#}%\">authentic {p.Authentic:P0}</span></div>");
        if (v.TopEvidence.Count > 0)
        {
            sb.Append("<p class=\"top\">Weighed most: ").Append(E(string.Join("; ", v.TopEvidence.Select(t => string.Create(Inv, $"{t.Title} ({t.Weight:0.00})"))))).Append("</p>");
        }

        sb.Append("</div>");
    }

    private void WriteStage(StringBuilder sb, FileReport f, int index)
    {
        var uri = preview(f);
        if (uri is null)
        {
            return;
        }

        var maps = f.Evidence.Where(e => e.Heatmap is not null).ToList();
        var regions = f.Evidence.SelectMany(e => e.Regions.Select(r => (e.Id, r))).ToList();
        var size = f.Width is { } fw && f.Height is { } fh && fw > 0 && fh > 0 ? (fw, fh) : ((int, int)?)null;
        var vectors = size is null ? [] : f.Evidence.SelectMany(ReportVectors.Of).ToList();
        sb.Append("<div class=\"viewer\">");
        if (maps.Count > 0)
        {
            // One switch per map (several may be shown at once), one opacity slider for all of them.
            sb.Append("<span class=\"maps\">Overlays: ");
            var i = 0;
            foreach (var e in maps)
            {
                sb.Append(Inv, $"<label title=\"{E(e.Heatmap!.Legend)}\"><input type=\"checkbox\" class=\"maptoggle\" data-stage=\"s{index}\" data-map=\"{i}\"{(i == 0 ? " checked" : string.Empty)}> {E(e.Id)}</label> ");
                i++;
            }

            sb.Append(Inv, $"</span><label>Opacity <input type=\"range\" min=\"0\" max=\"100\" value=\"60\" data-stage=\"s{index}\" class=\"opacity\"></label>");
        }

        if (regions.Count > 0)
        {
            sb.Append(Inv, $" <label><input type=\"checkbox\" checked data-stage=\"s{index}\" class=\"regtoggle\"> regions</label>");
        }

        if (vectors.Count > 0)
        {
            sb.Append(Inv, $" <label><input type=\"checkbox\" checked data-stage=\"s{index}\" class=\"vectoggle\"> copy-move pairs and directions</label>");
        }

        sb.Append(Inv, $"<div class=\"stage\" id=\"s{index}\"><img class=\"base\" alt=\"{E(Path.GetFileName(f.Path))}\" src=\"{uri}\">");
        var j = 0;
        foreach (var e in maps)
        {
            var png = Convert.ToBase64String(e.Heatmap!.ColourPng);
            sb.Append(Inv, $"<img class=\"overlay\" data-map=\"{j}\" title=\"{E(e.Id)}\" style=\"opacity:0.6;{(j == 0 ? string.Empty : "display:none")}\" alt=\"\" src=\"data:image/png;base64,{png}\">");
            j++;
        }

        if (size is var (w, h))
        {
            foreach (var (id, r) in regions)
            {
                sb.Append(Inv, $"<div class=\"region\" title=\"{E(id)}: {E(r.Label)} ({r.Score:0.00})\" style=\"left:{100.0 * r.X / w:0.##}%;top:{100.0 * r.Y / h:0.##}%;width:{100.0 * r.Width / w:0.##}%;height:{100.0 * r.Height / h:0.##}%\"><span>{E(r.Label)}</span></div>");
            }

            if (vectors.Count > 0)
            {
                WriteVectors(sb, vectors, w, h, index);
            }
        }

        sb.Append("</div></div>");
    }

    /// <summary>Copy-move pairs (source → target) and directions (e.g. light) as SVG arrows in image coordinates.</summary>
    private static void WriteVectors(StringBuilder sb, List<ReportVector> vectors, int w, int h, int index)
    {
        var stroke = Math.Max(2.0, Math.Max(w, h) / 250.0);
        sb.Append(Inv, $"<svg class=\"vectors\" viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"none\">");
        sb.Append("<defs>");
        foreach (var (cls, colour) in new[] { ("pair", "#ffea00"), ("direction", "#76ff03") })
        {
            sb.Append(Inv, $"<marker id=\"ah{index}-{cls}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>");
        }

        sb.Append("</defs>");
        foreach (var v in vectors)
        {
            var cls = v.Kind == ReportVectorKind.Pair ? "pair" : "direction";
            sb.Append(Inv, $"<line class=\"{cls}\" x1=\"{v.X1:0.#}\" y1=\"{v.Y1:0.#}\" x2=\"{v.X2:0.#}\" y2=\"{v.Y2:0.#}\" stroke-width=\"{stroke:0.#}\" marker-end=\"url(#ah{index}-{cls})\"><title>{E(v.Label)}</title></line>");
        }

        sb.Append("</svg>");
    }

    private static void WriteCards(StringBuilder sb, FileReport f)
    {
        if (f.Evidence.Count == 0)
        {
            return;
        }

        sb.Append("<h3>Evidence</h3>");
        foreach (var group in f.Evidence.GroupBy(e => e.Category).OrderByDescending(g => g.Max(e => e.Weight)))
        {
            sb.Append(Inv, $"<h4>{E(CategoryName(group.Key))}</h4><div class=\"cards\">");
            foreach (var e in group.OrderByDescending(e => e.Weight))
            {
                sb.Append(Inv, $"<div class=\"card sev-{e.Severity.ToString().ToLowerInvariant()}\"><div class=\"head\"><span class=\"sev\">{E(e.Severity.ToString().ToLowerInvariant())}</span> <b>{E(e.Title)}</b></div>");
                sb.Append(Inv, $"<p>{E(e.Explanation)}</p><p class=\"num\"><code>{E(e.Id)}</code> · points to {E(DirectionName(e.Direction))}");
                if (e.Direction != EvidenceDirection.Neutral)
                {
                    sb.Append(Inv, $" · likelihood ratio {e.LikelihoodRatio:0.##}");
                }

                if (e.Probability is { } prob)
                {
                    sb.Append(Inv, $" · probability {prob:0.###}");
                }

                sb.Append(Inv, $" · reliability {e.Reliability:0.##}</p>");
                if (e.Facts.Count > 0)
                {
                    sb.Append("<table class=\"facts\">");
                    foreach (var fact in e.Facts)
                    {
                        sb.Append(Inv, $"<tr><th>{E(fact.Name)}</th><td>{E(fact.Value)}</td></tr>");
                    }

                    sb.Append("</table>");
                }

                sb.Append("</div>");
            }

            sb.Append("</div>");
        }
    }

    private static void WriteMetadata(StringBuilder sb, FileReport f)
    {
        var facts = f.Evidence.Where(e => e.Category is EvidenceCategory.Metadata or EvidenceCategory.Provenance)
            .SelectMany(e => e.Facts).DistinctBy(x => (x.Name, x.Value)).ToList();
        if (facts.Count == 0)
        {
            return;
        }

        sb.Append("<details class=\"metadata\"><summary>Metadata table</summary><table class=\"facts\">");
        foreach (var fact in facts)
        {
            sb.Append(Inv, $"<tr><th>{E(fact.Name)}</th><td>{E(fact.Value)}</td></tr>");
        }

        sb.Append("</table></details>");
    }

    public static string BandName(VerdictBand band) => band switch
    {
        VerdictBand.AiGenerated => "AI-generated",
        VerdictBand.Manipulated => "Manipulated",
        VerdictBand.AuthenticWithVerifiedProvenance => "Authentic (verified provenance)",
        VerdictBand.NoEvidenceFound => "No evidence found",
        _ => "Inconclusive",
    };

    private static string BandClass(VerdictBand band) => band switch
    {
        VerdictBand.AiGenerated => "b-ai",
        VerdictBand.Manipulated => "b-man",
        VerdictBand.AuthenticWithVerifiedProvenance => "b-auth",
        VerdictBand.NoEvidenceFound => "b-none",
        _ => "b-inc",
    };

    private static string CategoryName(EvidenceCategory c) => c switch
    {
        EvidenceCategory.CopyMove => "Copy-move",
        _ => c.ToString(),
    };

    private static string DirectionName(EvidenceDirection d) => d switch
    {
        EvidenceDirection.AiGenerated => "AI generation",
        EvidenceDirection.Manipulated => "manipulation",
        EvidenceDirection.Authentic => "authenticity",
        _ => "nothing (a fact)",
    };

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222;background:#fafafa}
        h1{margin:.2em 0}h2{font-size:1.15em;word-break:break-all;margin-top:0}h4{margin:.8em 0 .3em;color:#555}
        .meta{color:#666;font-size:.9em}.hash{font-family:monospace;font-size:.85em}
        section.file{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1em;margin:1em 0}
        .badge{padding:.15em .6em;border-radius:1em;color:#fff;font-size:.9em}
        .b-ai{--c:#c62828}.b-man{--c:#ef6c00}.b-auth{--c:#2e7d32}.b-none{--c:#1565c0}.b-inc{--c:#9e8600}
        .badge{background:var(--c)}.verdict{border-left:6px solid var(--c);padding:.5em 1em;background:#f6f6f6;margin:.5em 0}
        .verdict .band{font-weight:700;font-size:1.3em;color:var(--c)}.conf{font-weight:400;color:#555;font-size:.8em}
        .probs{display:flex;height:1.4em;font-size:.75em;color:#fff;border-radius:4px;overflow:hidden;margin:.4em 0}
        .probs span{white-space:nowrap;overflow:hidden;padding:0 .3em;line-height:1.4em}
        .p-ai{background:#c62828}.p-man{background:#ef6c00}.p-auth{background:#2e7d32}.top{font-size:.9em;color:#444}
        .viewer{margin:.8em 0}.stage{position:relative;display:inline-block;max-width:100%;margin-top:.4em}
        .stage img.base{display:block;max-width:100%;height:auto}
        .stage img.overlay{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none}
        .region{position:absolute;border:2px dashed #00e5ff;box-sizing:border-box}
        .region span{background:#00e5ff;color:#000;font-size:.7em;padding:0 .2em}
        .stage svg.vectors{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:visible}
        .stage line.pair{stroke:#ffea00}.stage line.direction{stroke:#76ff03}
        .stage line title{pointer-events:auto}.maps label{margin-right:.6em;white-space:nowrap}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:.6em}
        .card{border:1px solid #ddd;border-radius:6px;padding:.5em .7em;background:#fff}
        .card p{margin:.3em 0}.num{font-size:.8em;color:#666}
        .sev{font-size:.75em;text-transform:uppercase;padding:0 .4em;border-radius:3px;background:#eee}
        .sev-critical .sev{background:#c62828;color:#fff}.sev-high .sev{background:#e53935;color:#fff}
        .sev-medium .sev{background:#fb8c00;color:#fff}.sev-low .sev{background:#fdd835}
        table.facts{border-collapse:collapse;font-size:.85em;margin-top:.3em}
        table.facts th{text-align:left;padding-right:1em;color:#555;font-weight:500;vertical-align:top}
        .error{background:#ffebee;border:1px solid #e57373;padding:.5em;border-radius:4px}
        """;

    private const string Script = """
        document.querySelectorAll('.maptoggle').forEach(function(c){c.addEventListener('change',function(){
          document.getElementById(c.dataset.stage).querySelectorAll('img.overlay[data-map="'+c.dataset.map+'"]').forEach(function(o){
          o.style.display=c.checked?'':'none';});});});
        document.querySelectorAll('.opacity').forEach(function(r){r.addEventListener('input',function(){
          document.getElementById(r.dataset.stage).querySelectorAll('img.overlay').forEach(function(o){o.style.opacity=r.value/100;});});});
        document.querySelectorAll('.regtoggle').forEach(function(c){c.addEventListener('change',function(){
          document.getElementById(c.dataset.stage).querySelectorAll('.region').forEach(function(d){d.style.display=c.checked?'':'none';});});});
        document.querySelectorAll('.vectoggle').forEach(function(c){c.addEventListener('change',function(){
          document.getElementById(c.dataset.stage).querySelectorAll('svg.vectors').forEach(function(d){d.style.display=c.checked?'':'none';});});});
        """;
}
