package io.vfmigrate.workflow.attach;

import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;

/** What {@code attach} gave the VM (or, in a dry run, would give it). */
public record AttachResult(
    String vm,
    String host,
    PciAddress vf,
    MacAddress mac,
    String interfaceXml,
    String command,
    boolean applied) {}
