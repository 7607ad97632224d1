using System.Net;
using System.Net.Sockets;
using AlertActors.Configuration;

namespace AlertActors.Host.Startup;

/// <summary>
/// Refuses a node whose cluster address (remoting, and with cluster bootstrap the management endpoint) is taken. The
/// remoting socket is opened with address reuse, which on Linux also lets a second process listen on the same port: two
/// nodes, two clusters, one address. This check binds the address once first without port sharing (SO_REUSEADDR only,
/// so a port whose last connections linger in TIME_WAIT is still free) and closes it again.
/// </summary>
public static class ClusterPortCheck
{
    /// <summary>
    /// A <see cref="StartupCheck"/>: one problem when the hostname does not resolve, is not this machine's, or the
    /// remoting port is taken (none for port 0); with cluster bootstrap the same for the management port.
    /// </summary>
    public static IEnumerable<string> Run(NodeConfiguration node)
    {
        var cluster = node.Settings.Cluster;
        var remoting = Probe(cluster.Hostname, cluster.Port, "alertactors.cluster.port", "cluster port");
        if (remoting is not null || !cluster.Discovery.UsesBootstrap())
            return remoting is null ? [] : [remoting];
        return
            Probe(
                cluster.Hostname,
                cluster.Bootstrap.ManagementPort,
                "alertactors.cluster.management.port",
                "management port"
            )
                is { } management
            ? [management]
            : [];
    }

    private static string? Probe(string hostname, int port, string key, string what)
    {
        if (port == 0)
            return null;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(hostname, out var literal) ? [literal] : Dns.GetHostAddresses(hostname);
        }
        catch (SocketException ex)
        {
            return $"alertactors.cluster.hostname: \"{hostname}\" does not resolve: {ex.Message}";
        }
        foreach (var address in addresses.Take(1))
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            AllowTimeWait(socket);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return $"{key}: {what} {port} is already in use on {hostname} (another node or program listens there)";
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                return $"alertactors.cluster.hostname: \"{hostname}\" is not an address of this machine";
            }
            catch (SocketException ex)
            {
                return $"{key}: cannot bind {hostname}:{port}: {ex.Message}";
            }
        }
        return null;
    }

    /// <summary>SO_REUSEADDR alone (.NET's ReuseAddress option would add SO_REUSEPORT on Linux, which is what lets two
    /// nodes share a port).</summary>
    private static void AllowTimeWait(Socket socket)
    {
        if (OperatingSystem.IsLinux())
            socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1)); // SOL_SOCKET, SO_REUSEADDR
        else if (OperatingSystem.IsMacOS())
            socket.SetRawSocketOption(0xffff, 0x4, BitConverter.GetBytes(1)); // SOL_SOCKET, SO_REUSEADDR
    }
}
