namespace FakeLens.Faces.Blend;

/// <summary>How training and evaluation crops are re-encoded (both classes alike) before features are measured.</summary>
public enum BlendCodec
{
    /// <summary>JPEG quality 85 (OpenCV / libjpeg, 4:2:0).</summary>
    Jpeg85,

    /// <summary>One H.264 frame at CRF 23, yuv420p (ffmpeg libx264, preset medium), as in video.</summary>
    H264Crf23,
}
