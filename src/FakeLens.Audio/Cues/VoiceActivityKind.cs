namespace FakeLens.Audio.Cues;

/// <summary>Which voice-activity detector marks speech frames: the energy + flatness rule (<see cref="VoiceActivity"/>) or the Silero VAD v5 model (<see cref="SileroVoiceActivity"/>).</summary>
public enum VoiceActivityKind
{
    Energy,
    Silero,
}
