namespace AlertActors.Domain.Alerts;

/// <summary>Marker for every alert message that crosses a process boundary (journal or wire).</summary>
public interface IAlertMessage;

/// <summary>A message addressed to the alert entity for one dedup key.</summary>
public interface IWithDedupKey
{
    string DedupKey { get; }
}
