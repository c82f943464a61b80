namespace FakeLens.Core.Detection;

/// <summary>The file cannot be analysed (corrupt, truncated, too large, unsupported); the message is for a person.</summary>
public class MediaException : Exception
{
    public MediaException()
    {
    }

    public MediaException(string message)
        : base(message)
    {
    }

    public MediaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Short machine code for the report (<c>corrupt</c>, <c>too-large</c>, <c>unsupported</c>, ...).</summary>
    public string Code { get; init; } = "unreadable";

    /// <summary>
    /// True (default) when the file as a whole cannot be analysed (corrupt, too large): the file is reported as an
    /// error and gets no verdict. False when only this detector cannot run (e.g. HEIC pixels are not decoded).
    /// </summary>
    public bool AffectsWholeFile { get; init; } = true;
}
