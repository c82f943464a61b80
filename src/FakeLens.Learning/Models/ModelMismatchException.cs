namespace FakeLens.Learning.Models;

/// <summary>A model file that does not fit this feature code (another feature set or version) or is unreadable.</summary>
public sealed class ModelMismatchException : Exception
{
    public ModelMismatchException()
    {
    }

    public ModelMismatchException(string message)
        : base(message)
    {
    }

    public ModelMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
