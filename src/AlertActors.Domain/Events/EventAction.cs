namespace AlertActors.Domain.Events;

/// <summary>What the producer says about the condition: it is happening, or it has cleared.</summary>
public enum EventAction
{
    Trigger = 0,
    Resolve = 1,
}
