using FakeLens.Core.Media;
using FakeLens.Core.Reporting;
using FakeLens.Imaging.Decoding;

namespace FakeLens;

/// <summary>Makes the picture shown in the HTML report: the file itself when small and browser-friendly, else a downscaled JPEG.</summary>
internal static class PreviewFactory
{
    private const int MaxEmbeddedBytes = 2 * 1024 * 1024;
    private const int MaxPreviewSide = 1600;

    /// <param name="file">The file's report (its media type decides whether a preview can be made).</param>
    /// <param name="source">Where the file's bytes are (the report's path, or the stored upload for the server).</param>
    public static string? DataUri(FileReport file, string source)
    {
        if (file.Media is not { Kind: MediaKind.Image, PixelsSupported: true } media || file.Status != FileStatus.Ok)
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(source);
            if (bytes.Length <= MaxEmbeddedBytes && media.Format is MediaFormat.Jpeg or MediaFormat.Png or MediaFormat.Gif or MediaFormat.WebP)
            {
                return $"data:{media.MimeType};base64,{Convert.ToBase64String(bytes)}";
            }

            var decoded = ImageDecoder.Decode(bytes, ScanLimitsForPreview, media.Format);
            var small = ImageResizer.Fit(decoded.Image, MaxPreviewSide);
            return "data:image/jpeg;base64," + Convert.ToBase64String(ImageEncoder.Jpeg(small, 85));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.Detection.MediaException)
        {
            return null;
        }
    }

    private static long ScanLimitsForPreview => 200_000_000;
}
