namespace FakeLens;

/// <summary>The <see cref="AnalyzerOptions"/> cannot be used: an unknown detector, a missing or unreadable trust-anchor file.</summary>
public sealed class AnalyzerConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnalyzerConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message for a person.</summary>
    /// <param name="message">What is wrong.</param>
    public AnalyzerConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AnalyzerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The option at fault (<c>trust-anchors</c>, <c>detectors</c>), or null.</summary>
    public string? Setting { get; init; }
}
