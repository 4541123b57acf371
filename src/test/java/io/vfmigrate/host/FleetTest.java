package io.vfmigrate.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetTest {
  private final List<String> connecting = new ArrayList<>();

  @Test
  void namingHostsStartsTheirConnectionsBeforeAnyCommandRuns() {
    Fleet fleet = new Fleet(List.of(host("src"), host("dst"), host("other")));

    fleet.get("src");
    fleet.get("dst");

    assertThat(connecting).containsExactly("src", "dst");
  }

  @Test
  void selectingNoHostsConnectsThemAll() {
    Fleet fleet = new Fleet(List.of(host("src"), host("dst")));

    fleet.select(List.of());

    assertThat(connecting).containsExactly("src", "dst");
  }

  @Test
  void listingTheFleetConnectsNothing() {
    Fleet fleet = new Fleet(List.of(host("src"), host("dst")));

    fleet.all();
    fleet.names();

    assertThat(connecting).isEmpty();
  }

  private ManagedHost host(String name) {
    // A host that only records connectAhead, under the wrapper the inventory puts around it.
    Host real =
        (Host)
            Proxy.newProxyInstance(
                Host.class.getClassLoader(),
                new Class<?>[] {Host.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("connectAhead")) {
                    connecting.add(name);
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    Host recording = new HardwareOverlayHost(real, new FakeHost(name));
    return new ManagedHost(
        InventoryEntry.basic(
            name,
            "local",
            "192.0.2.11",
            PciAddress.parse("0000:e1:00.0"),
            InventoryEntry.defaultUri("192.0.2.11"),
            InventoryEntry.DEFAULT_BRIDGE,
            Optional.empty()),
        recording);
  }
}
