using AlertActors.Formation;
using k8s.Models;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// Which pods of a Kubernetes pods list become cluster bootstrap contact points
/// (<see cref="KubernetesApiDiscovery.Targets"/>): running pods with an IP that are not being deleted, at their
/// container port of the asked name.
/// </summary>
public sealed class KubernetesPodTargetsTests
{
    private static V1Pod Pod(
        string ip,
        string phase = "Running",
        bool deleting = false,
        string portName = "management",
        int port = 8558
    ) =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"alertactors-{ip}",
                DeletionTimestamp = deleting ? DateTime.UtcNow : null,
            },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "alertactors",
                        Ports =
                        [
                            new V1ContainerPort { ContainerPort = 8080, Name = "http" },
                            new V1ContainerPort { ContainerPort = port, Name = portName },
                        ],
                    },
                ],
            },
            Status = new V1PodStatus { Phase = phase, PodIP = ip },
        };

    [Fact]
    public void Running_pods_are_contact_points_at_their_management_port()
    {
        var targets = KubernetesApiDiscovery
            .Targets(new V1PodList { Items = [Pod("10.0.0.5"), Pod("10.0.0.6", port: 9558)] }, "management")
            .ToList();

        Assert.Equal([("10.0.0.5", 8558), ("10.0.0.6", 9558)], targets.Select(t => (t.Host, t.Port ?? 0)));
        Assert.All(targets, t => Assert.Equal(t.Host, t.Address!.ToString()));
    }

    [Fact]
    public void Pods_that_are_starting_being_deleted_without_an_IP_or_without_the_port_are_left_out()
    {
        var pods = new V1PodList
        {
            Items =
            [
                Pod("10.0.0.5"),
                Pod("10.0.0.6", phase: "Pending"),
                Pod("10.0.0.7", deleting: true),
                Pod("", phase: "Running"),
                Pod("10.0.0.8", portName: "metrics"),
            ],
        };

        Assert.Equal(["10.0.0.5"], KubernetesApiDiscovery.Targets(pods, "management").Select(t => t.Host));
        // Without a port name every running pod counts, at the port bootstrap falls back to.
        Assert.Equal(
            [("10.0.0.5", (int?)null), ("10.0.0.8", null)],
            KubernetesApiDiscovery.Targets(pods, null).Select(t => (t.Host, t.Port))
        );
    }
}
