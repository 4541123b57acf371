package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/** {@code psid-match}: both NICs are the same card model (PSID). */
final class PsidMatchCheck implements PairCheck {
  static final String ID = "psid-match";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe a, HostProbe b) {
    String pair = a.name() + "," + b.name();
    String pa = a.firmware().psid();
    String pb = b.firmware().psid();
    if (pa.equals(pb)) {
      return Finding.pass(ID, pair, "both NICs have PSID " + pa);
    }
    return Finding.fail(
        ID,
        pair,
        a.name()
            + " has PSID "
            + pa
            + ", "
            + b.name()
            + " has PSID "
            + pb
            + "; VF migration needs the same card model on both hosts",
        "migrate between hosts whose ConnectX-7 cards have the same PSID (mstflint -d PF q |"
            + " grep PSID), or replace one card");
  }
}
