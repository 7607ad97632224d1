using System.Net;
using System.Net.Sockets;

namespace AlertActors.Host.Configuration;

/// <summary>
/// Refuses a node whose cluster address is taken. The remoting socket is opened with address reuse, which on Linux also lets a second
/// process listen on the same port: two nodes, two clusters, one address. This check binds the address once first without port sharing
/// (SO_REUSEADDR only, so a port whose last connections linger in TIME_WAIT is still free) and closes it again.
/// </summary>
public static class ClusterPortCheck
{
    /// <summary>A <see cref="StartupCheck"/>: one problem when the hostname does not resolve, is not this machine's, or the port is taken; none for port 0.</summary>
    public static IEnumerable<string> Run(NodeConfiguration node)
    {
        var cluster = node.Settings.Cluster;
        if (cluster.Port == 0) return [];
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(cluster.Hostname, out var literal) ? [literal] : Dns.GetHostAddresses(cluster.Hostname);
        }
        catch (SocketException ex)
        {
            return [$"alertactors.cluster.hostname: \"{cluster.Hostname}\" does not resolve: {ex.Message}"];
        }
        foreach (var address in addresses.Take(1))
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            AllowTimeWait(socket);
            try
            {
                socket.Bind(new IPEndPoint(address, cluster.Port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return [$"alertactors.cluster.port: cluster port {cluster.Port} is already in use on {cluster.Hostname} (another node or program listens there)"];
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                return [$"alertactors.cluster.hostname: \"{cluster.Hostname}\" is not an address of this machine"];
            }
            catch (SocketException ex)
            {
                return [$"alertactors.cluster.port: cannot bind {cluster.Hostname}:{cluster.Port}: {ex.Message}"];
            }
        }
        return [];
    }

    /// <summary>SO_REUSEADDR alone (.NET's ReuseAddress option would add SO_REUSEPORT on Linux, which is what lets two nodes share a port).</summary>
    private static void AllowTimeWait(Socket socket)
    {
        if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));             // SOL_SOCKET, SO_REUSEADDR
        else if (OperatingSystem.IsMacOS()) socket.SetRawSocketOption(0xffff, 0x4, BitConverter.GetBytes(1)); // SOL_SOCKET, SO_REUSEADDR
    }
}
