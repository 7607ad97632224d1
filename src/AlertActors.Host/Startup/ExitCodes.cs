namespace AlertActors.Host.Startup;

/// <summary>The node's and <c>check-config</c>'s exit codes (sysexits.h where one fits), as the docs list
/// them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A command-line or sample-event mistake (not the configuration's).</summary>
    public const int Usage = 64;

    /// <summary>The node failed after its configuration was accepted (e.g. the actor system did not start); one line
    /// says why.</summary>
    public const int Software = 70;

    /// <summary>EX_CONFIG: the configuration (or this machine: data directory, cluster port) refuses the node; one line
    /// per problem.</summary>
    public const int Config = 78;
}
