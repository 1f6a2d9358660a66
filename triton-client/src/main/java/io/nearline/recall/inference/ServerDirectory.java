package io.nearline.recall.inference;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which servers form the fleet: a fixed host:port list, or every address a DNS name resolves to
 * (re-resolved periodically, e.g. a Kubernetes headless service), always sorted so that every
 * client orders the same servers the same way.
 */
final class ServerDirectory {

    /** Resolves a host to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    private final List<String> fixed;
    private final String dnsHost;
    private final int dnsPort;
    private final Lookup lookup;

    private ServerDirectory(List<String> fixed, String dnsHost, int dnsPort, Lookup lookup) {
        this.fixed = fixed;
        this.dnsHost = dnsHost;
        this.dnsPort = dnsPort;
        this.lookup = lookup;
    }

    static ServerDirectory of(InferenceClientOptions options) {
        return of(options, InetAddress::getAllByName);
    }

    static ServerDirectory of(InferenceClientOptions options, Lookup lookup) {
        FleetOptions fleet = options.fleet();
        if (!fleet.dnsName().isEmpty()) {
            String[] hostPort = FleetOptions.requireHostPort(fleet.dnsName());
            return new ServerDirectory(List.of(), hostPort[0], Integer.parseInt(hostPort[1]), lookup);
        }
        List<String> targets = fleet.targets().isEmpty() ? List.of(options.target()) : fleet.targets();
        return new ServerDirectory(targets.stream().distinct().sorted().toList(), "", 0, lookup);
    }

    boolean resolvesDns() {
        return !dnsHost.isEmpty();
    }

    /** The name server certificates are issued for: the DNS name, since targets are bare addresses. */
    String authority() {
        return resolvesDns() ? dnsHost + ":" + dnsPort : "";
    }

    /** The current targets, sorted; throws when the DNS name does not resolve. */
    List<String> resolve() throws UnknownHostException {
        if (!resolvesDns()) {
            return fixed;
        }
        return Arrays.stream(lookup.all(dnsHost))
                .map(address -> (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                        : address.getHostAddress()) + ":" + dnsPort)
                .distinct().sorted().toList();
    }
}
