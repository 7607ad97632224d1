namespace AlertActors.Host.Hosting;

/// <summary>
/// The node will not start with this configuration: <see cref="Problems"/> holds one line per problem, which
/// <see cref="AlertActorsHost.RunAsync"/> prints to stderr (no stack trace) before exiting with <see cref="ExitCode"/>.
/// </summary>
public sealed class StartupRefusedException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    /// <summary>EX_CONFIG from sysexits.h: a configuration error.</summary>
    public const int ExitCode = 78;

    public IReadOnlyList<string> Problems { get; } = problems;
}
