package io.vfmigrate.workflow.claims;

import io.vfmigrate.host.Host;

/**
 * A claim this process took: where it is and what it wrote there, so that releasing it removes this
 * claim and not one another run took after it was cleared.
 */
public record HeldClaim(Host host, ClaimKind kind, String key, String path, String content) {
  public String hostName() {
    return host.name();
  }
}
