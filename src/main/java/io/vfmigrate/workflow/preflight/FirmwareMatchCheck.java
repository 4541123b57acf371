package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/** {@code firmware-match}: both hosts run the same firmware version (RHEL 10, NVIDIA). */
final class FirmwareMatchCheck implements PairCheck {
  static final String ID = "firmware-match";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe a, HostProbe b) {
    String pair = a.name() + "," + b.name();
    var fa = a.firmware().running();
    var fb = b.firmware().running();
    if (fa.equals(fb)) {
      return Finding.pass(ID, pair, "both run firmware " + fa);
    }
    var newer = fa.compareTo(fb) > 0 ? a : b;
    var older = newer == a ? b : a;
    return Finding.fail(
        ID,
        pair,
        a.name()
            + " runs "
            + fa
            + ", "
            + b.name()
            + " runs "
            + fb
            + "; VF state can only move between identical firmware",
        "flash "
            + older.name()
            + " with firmware "
            + newer.firmware().running()
            + " (mstflint -d "
            + older.pf()
            + " -i FIRMWARE.bin burn) and reboot it");
  }
}
