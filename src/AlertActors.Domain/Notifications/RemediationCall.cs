namespace AlertActors.Domain.Notifications;

/// <summary>
/// What makes a <see cref="NotificationRequest"/> a remediation attempt (README "Remediation"): a call to the rule's
/// remediation endpoint, not a page. Journaled with the delivery.
/// </summary>
/// <param name="Attempt">Which attempt of the firing period this is, from 1.</param>
/// <param name="MaxAttempts">The rule's <c>max-attempts</c> when the period's remediation started.</param>
/// <param name="Timeout">The rule's <c>timeout</c>: the call fails after this long without an answer.</param>
/// <param name="FiringSince">When the firing period began firing.</param>
public sealed record RemediationCall(int Attempt, int MaxAttempts, TimeSpan Timeout, DateTimeOffset FiringSince);
