/**
 * The emulated machine: the only code that changes the lab's state ({@link
 * io.vfmigrate.lab.state}).
 *
 * <p>Design. The lab is one machine per host plus what joins them; each tool is a thin front end.
 *
 * <pre>
 *   lab.tools.&lt;tool&gt;   argv parsing and output rendering only (virsh, devlink, mstconfig,
 *        |               mstflint, ovs, sysfs, systemctl, lshw, modinfo, dpkg, rpm, uname, agent);
 *        |               reads state freely, changes it only by calling the machine
 *        v
 *   lab.machine         the rules of the kernel, the firmware, libvirt and QEMU, and every change:
 *                        PciBus        PCI devices and driver binding (bind, unbind, probe,
 *                                      driver_override, libvirt's managed detach/reattach)
 *                        Sriov         the eswitch and the VF life cycle (sriov_numvfs, mode,
 *                                      hw_addr, migratable: only when the VF is not bound to
 *                                      mlx5_core and VF_MIGRATION_MODE is 2)
 *                        Firmware      next-boot settings and what a reboot does
 *                        NicCatalogue  ConnectX-7, ConnectX-6 Dx, ...: PCI ids, part numbers,
 *                                      firmware families, capabilities
 *                        Packages      installed packages, the one package-version reader
 *                        Services      systemd units (and OVS offload applied at start)
 *                        GuestProcesses processes run by the guest agent
 *                        DomainHostdevs, DomainLayout  libvirt's domain registry rules
 *        |
 *        v
 *   lab.state           typed records of the state (persisted as the lab YAML); no logic
 * </pre>
 *
 * <p>Rule (ArchitectureTest): no class outside this package sets a field of a state class or
 * mutates a state collection ({@code host.vms.add(..)}). Tool front ends keep their errors'
 * wording: the machine answers with outcomes (enums), the front end renders them as the real tool
 * does.
 */
package io.vfmigrate.lab.machine;
