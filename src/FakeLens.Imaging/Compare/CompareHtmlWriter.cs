using System.Globalization;
using System.Net;
using System.Text;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// One self-contained HTML page for a comparison (no external resources, like the scan report): the summary,
/// the global operations and changed regions, the two pictures side by side, a before/after slider over the
/// aligned pair and the change map as a switchable overlay with the regions outlined.
/// </summary>
public static class CompareHtmlWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder(256 * 1024);
        ComparePage.Head(sb, "FakeLens comparison", Css, string.Create(Inv, $"suspect <b>{E(result.Suspect.Name)}</b> ({result.Suspect.Width}×{result.Suspect.Height}{Q(result.Suspect.JpegQuality)}) · original <b>{E(result.Original.Name)}</b> ({result.Original.Width}×{result.Original.Height}{Q(result.Original.JpegQuality)}) · {result.Inliers} of {result.Matches} keypoint matches agree · schema {E(result.Schema)}"), result.Related, result.Summary);
        if (result.Related)
        {
            sb.Append("<section><h2>Global operations</h2><ul>");
            ComparePage.Operations(sb, result.Operations, "none");

            sb.Append("</ul><h2>Local changes</h2><ul>");
            foreach (var r in result.Regions)
            {
                sb.Append(Inv, $"<li><b>{E(r.Kind)}</b>: {E(r.Sentence)} <span class=\"meta\">(box {r.Box.X},{r.Box.Y} {r.Box.Width}×{r.Box.Height} map px, difference {r.Strength:0.#} levels)</span></li>");
            }

            if (result.Regions.Count == 0)
            {
                sb.Append("<li>none beyond recompression and resampling noise</li>");
            }

            foreach (var c in result.Content)
            {
                sb.Append(Inv, $"<li><b>{E(c.Subject)} {E(c.Change)}</b>: {E(c.Sentence)} <span class=\"meta\">(box {c.Box.X},{c.Box.Y} {c.Box.Width}×{c.Box.Height} map px)</span></li>");
            }

            sb.Append(Inv, $"</ul><p class=\"meta\">Faces found: {(result.FacesChecked ? result.FacesFound.ToString(Inv) : "not checked (" + E(result.FacesNotCheckedReason ?? "") + ")")} · candidate text lines: {result.TextLinesFound}</p>");
            sb.Append(Inv, $"<p class=\"meta\">Noise level after alignment {result.NoiseLevel:0.0} grey levels · correlation {result.Correlation:0.000} · changed {result.ChangedFraction * 100:0.##} % of the covered area</p>");
            if (result.Earlier is { } e)
            {
                sb.Append("<h2>Which came first</h2><p>").Append(E(e.Earlier switch
                {
                    "original" => "The original is probably the earlier file.",
                    "suspect" => "The suspect is probably the earlier file.",
                    _ => "Cannot be told.",
                })).Append(Inv, $" P(original first) = {e.ProbabilityOriginalFirst:0.00}.</p><ul>");
                foreach (var reason in e.Reasons)
                {
                    sb.Append("<li>").Append(E(reason)).Append("</li>");
                }

                sb.Append("</ul>");
            }

            sb.Append("</section>");
            if (result.SuspectView is { } sv && result.AlignedOriginal is { } ao && result.Map is { } map)
            {
                var w = sv.Width;
                var h = sv.Height;
                sb.Append("<section><h2>Before / after</h2><p class=\"meta\">The original aligned onto the suspect's frame (left of the divider) and the suspect (right). Drag the slider.</p>");
                sb.Append(Inv, $"<div class=\"stage\" style=\"aspect-ratio:{w}/{h}\"><img src=\"{Uri(sv)}\" alt=\"suspect\"><div id=\"before\" class=\"clip\"><img src=\"{Uri(ao)}\" alt=\"aligned original\"></div>");
                sb.Append(Inv, $"<img id=\"overlay\" class=\"overlay\" src=\"{Overlay(map)}\" alt=\"change map\"><svg viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"none\">");
                foreach (var r in result.Regions)
                {
                    sb.Append(Inv, $"<rect x=\"{r.Box.X}\" y=\"{r.Box.Y}\" width=\"{r.Box.Width}\" height=\"{r.Box.Height}\"><title>{E(r.Sentence)}</title></rect>");
                }

                foreach (var c in result.Content)
                {
                    sb.Append(Inv, $"<rect class=\"content\" x=\"{c.Box.X}\" y=\"{c.Box.Y}\" width=\"{c.Box.Width}\" height=\"{c.Box.Height}\" stroke-dasharray=\"4 3\"><title>{E(c.Sentence)}</title></rect>");
                }

                sb.Append("</svg></div><p><label>before ◀ <input id=\"slider\" type=\"range\" min=\"0\" max=\"100\" value=\"50\"> ▶ after</label> <label><input id=\"showmap\" type=\"checkbox\" checked> change map</label></p></section>");
                sb.Append("<section><h2>Side by side</h2><div class=\"pair\"><figure><img src=\"").Append(Uri(ao)).Append("\" alt=\"aligned original\"><figcaption>original (aligned)</figcaption></figure><figure><img src=\"")
                  .Append(Uri(sv)).Append("\" alt=\"suspect\"><figcaption>suspect</figcaption></figure></div></section>");
            }
        }

        sb.Append("<script>").Append(Script).Append("</script></body></html>");
        return sb.ToString();
    }

    private static string Q(int? quality) => quality is { } q ? string.Create(Inv, $", JPEG q{q}") : string.Empty;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Uri(RgbImage image) => "data:image/jpeg;base64," + Convert.ToBase64String(ImageEncoder.Jpeg(image, 88));

    /// <summary>Red where changed (opacity from the score), transparent elsewhere, grey where the original does not reach.</summary>
    private static string Overlay(ChangeMap map)
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(map.Width, map.Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Unpremul));
        var span = bitmap.GetPixelSpan();
        for (var i = 0; i < map.Scores.Length; i++)
        {
            var a = map.Valid[i] == 0 ? 90 : map.Mask[i] != 0 ? 170 : (int)(map.Scores[i] * 120);
            span[(i * 4) + 0] = map.Valid[i] == 0 ? (byte)60 : (byte)255;
            span[(i * 4) + 1] = map.Valid[i] == 0 ? (byte)60 : (byte)0;
            span[(i * 4) + 2] = map.Valid[i] == 0 ? (byte)60 : (byte)0;
            span[(i * 4) + 3] = (byte)Math.Clamp(a, 0, 255);
        }

        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(data.ToArray());
    }

    private const string Css = ".stage{position:relative;width:100%;max-width:1024px}.stage img,.stage svg,.clip{position:absolute;inset:0;width:100%;height:100%}.clip{overflow:hidden;clip-path:inset(0 50% 0 0)}.stage svg rect{fill:none;stroke:#ff0;stroke-width:2;vector-effect:non-scaling-stroke}.stage svg rect.content{stroke:#0ff}"
        + ".pair{display:flex;gap:1rem}.pair figure{flex:1;margin:0}.pair img{width:100%}#slider{width:300px}";

    private const string Script = "const s=document.getElementById('slider'),b=document.getElementById('before'),o=document.getElementById('overlay'),m=document.getElementById('showmap');"
        + "if(s){s.oninput=()=>{b.style.clipPath='inset(0 '+(100-s.value)+'% 0 0)'};m.onchange=()=>{o.style.display=m.checked?'':'none'}}";
}
