namespace FakeLens.Learning.Calibration;

/// <summary>How raw classifier scores become probabilities.</summary>
public enum CalibrationKind
{
    /// <summary>A sigmoid of the score (Platt 1999): two parameters, smooth, safe on small data.</summary>
    Platt,

    /// <summary>A monotone step function (pool adjacent violators; Zadrozny &amp; Elkan 2002): needs more data, any shape.</summary>
    Isotonic,
}
