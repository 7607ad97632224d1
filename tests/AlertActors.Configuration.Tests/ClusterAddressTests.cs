using System.Collections;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AlertActors.Configuration;
using AlertActors.Formation;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// <c>alertactors.cluster.hostname</c> is the address remoting binds to, <c>public-hostname</c>
/// (CLUSTER_PUBLIC_HOSTNAME) the one it advertises: they become <c>akka.remote.dot-netty.tcp.hostname</c> and
/// <c>.public-hostname</c>; an empty public hostname is the hostname.
/// </summary>
public class ClusterAddressTests
{
    [Fact]
    public void By_default_the_node_binds_and_advertises_loopback()
    {
        var cluster = Load(new Hashtable()).Cluster;

        Assert.Equal(
            ("127.0.0.1", "", "127.0.0.1", 4053),
            (cluster.Hostname, cluster.PublicHostname, cluster.AdvertisedHostname, cluster.Port)
        );
        var remote = RemotingConfig(cluster);
        Assert.Equal("127.0.0.1", remote.GetString("hostname"));
        Assert.Equal("127.0.0.1", remote.GetString("public-hostname"));
        Assert.Equal(4053, remote.GetInt("port"));
    }

    [Fact]
    public void The_environment_sets_a_bind_address_and_a_separate_public_hostname()
    {
        var cluster = Load(
            new Hashtable
            {
                ["CLUSTER_HOSTNAME"] = "0.0.0.0",
                ["CLUSTER_PUBLIC_HOSTNAME"] = "alertactors-1.alertactors-headless.alertactors.svc.cluster.local",
                ["CLUSTER_PORT"] = "4053",
            }
        ).Cluster;

        Assert.Equal("0.0.0.0", cluster.Hostname);
        Assert.Equal("alertactors-1.alertactors-headless.alertactors.svc.cluster.local", cluster.AdvertisedHostname);
        var remote = RemotingConfig(cluster);
        Assert.Equal("0.0.0.0", remote.GetString("hostname"));
        Assert.Equal(
            "alertactors-1.alertactors-headless.alertactors.svc.cluster.local",
            remote.GetString("public-hostname")
        );
    }

    [Fact]
    public void Only_a_hostname_is_both_the_bind_and_the_public_address()
    {
        var cluster = Load(new Hashtable { ["CLUSTER_HOSTNAME"] = "node-a.example" }).Cluster;

        var remote = RemotingConfig(cluster);
        Assert.Equal("node-a.example", remote.GetString("hostname"));
        Assert.Equal("node-a.example", remote.GetString("public-hostname"));
    }

    [Fact]
    public void The_public_hostname_can_come_from_the_hocon_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cluster-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, """alertactors.cluster { hostname = "0.0.0.0", public-hostname = " 10.1.2.3 " }""");
        try
        {
            var cluster = SettingsReader
                .Read(ConfigLoader.Load(RuleConfig.HoconDirectory, file, new Hashtable()))
                .Cluster;
            Assert.Equal(("0.0.0.0", "10.1.2.3"), (cluster.Hostname, cluster.AdvertisedHostname));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static AlertActorsSettings Load(IDictionary environment) =>
        SettingsReader.Read(ConfigLoader.Load(RuleConfig.HoconDirectory, null, environment));

    /// <summary>The <c>akka.remote.dot-netty.tcp</c> section Akka.Hosting builds from the node's remoting
    /// options.</summary>
    private static Config RemotingConfig(ClusterSettings cluster)
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), ClusterSettings.SystemName);
        builder.WithRemoting(ClusterFormation.RemoteOptionsOf(cluster));
        return builder.Configuration.Value.GetConfig("akka.remote.dot-netty.tcp");
    }
}
