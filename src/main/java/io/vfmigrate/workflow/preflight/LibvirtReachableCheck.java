package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.virsh.PeerConnection;

/**
 * {@code libvirt-reachable}: the source host itself reaches the destination's libvirt without a
 * prompt. {@code virsh migrate} runs on the source and connects to the destination's URI from
 * there, so this asks the source ({@code virsh -c URI uri} with {@code no_tty=1}), not the machine
 * vfmigrate runs on: it tests the SSH trust between the hosts and the network between them.
 */
final class LibvirtReachableCheck implements DirectedCheck {
  static final String ID = "libvirt-reachable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts src, PrereqFacts dst) {
    String pair = src.name() + "," + dst.name();
    String uri = dst.entry().libvirtUri();
    PeerConnection c = src.virsh().connect(uri);
    if (c.reached()) {
      return Finding.pass(ID, pair, src.name() + " reaches " + dst.name() + "'s libvirt at " + uri);
    }
    return Finding.fail(
        ID,
        pair,
        src.name() + " cannot reach " + dst.name() + "'s libvirt at " + uri + ": " + c.error(),
        c.fix(src.name(), dst.name()));
  }
}
