package parse

import "github.com/nix-humanity/nix-humanity/intent"

// supportedFilesystems are the file systems "enable ntfs support" names:
// each is one switch, boot.supportedFilesystems.<name> (the kernel
// module and the user-space tools; for nfs, the client: "mount nfs
// shares", "enable nfs client"). ZFS is not one of them: it also
// needs networking.hostId and a kernel it supports.
var supportedFilesystems map[string]bool

// filesystemWords are the other words of "enable ntfs support", "add
// support for exfat drives", "I want to mount ntfs partitions".
var filesystemWords map[string]bool

// ruleFilesystem: "enable ntfs support", "add support for exfat", "mount
// ntfs drives", "disable btrfs support". Every word must belong to the
// rule's vocabulary and a file system must be named, so "enable btrfs
// scrubbing" stays with the service rule.
func ruleFilesystem(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	fs, zfs, on, off, install, removing, described, client, smb := "", false, false, false, false, false, false, false, false
	for _, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case supportedFilesystems[t.w]:
			if fs != "" && fs != t.w {
				return intent.Intent{}, false, nil
			}
			fs = t.w
		case t.w == "zfs":
			zfs = true
		case t.w == "smb" || t.w == "samba":
			smb = true
		case t.w == "install":
			install = true
		case t.w == "enable" || t.w == "add" || t.w == "turn" || t.w == "on":
			on = true
		case t.w == "disable" || t.w == "off":
			off = true
		case t.w == "remove" || t.w == "drop":
			off, removing = true, true
		case filesystemWords[t.w]:
			described = true
			client = client || nfsClientWords[t.w]
		case stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if fs == "" && (smb && client || has(ts, "windows") && has(ts, "share", "shares")) {
		// "mount smb shares", "mount windows shares": the CIFS client
		// ("enable smb" stays the Samba server).
		fs = "cifs"
	}
	switch {
	case fs == "nfs" && (!client || nfsShareVerbs[ts[0].w]):
		// "enable nfs", "enable nfs shares": a server or a client? The
		// service rule asks. "share folders over nfs" is the server
		// (ruleNFSShare).
		// "enable nfs": a server or a client? The service rule asks.
		return intent.Intent{}, false, nil
	case (install || removing) && !on && !described:
		// "install exfat", "remove exfat", "install zfs": the packages of
		// that name.
		return intent.Intent{}, false, nil
	case zfs && fs == "":
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "ZFS takes more than one switch: boot.supportedFilesystems.zfs = true; with networking.hostId set and a kernel ZFS supports (the NixOS manual's ZFS section); set them in your configuration"}
	case fs == "" || zfs || on && off:
		return intent.Intent{}, false, nil
	}
	option := "boot.supportedFilesystems." + fs
	if off {
		return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}, true, nil
	}
	return intent.Intent{Kind: intent.SetOption, Option: option, Value: true}, true, nil
}

// nfsClientWords say the NFS client: "mount nfs shares", "enable nfs
// client", "enable nfs support".
var nfsClientWords map[string]bool

// loadFilesystems builds this file's tables (see tablesOnce).
func loadFilesystems() {
	supportedFilesystems = map[string]bool{
		"ntfs": true, "exfat": true, "btrfs": true, "xfs": true, "f2fs": true, "bcachefs": true,
		// The NFS client: rpcbind, the NFS tools and the kernel module
		// (NixOS's nfs.nix); a share is mounted by a fileSystems entry.
		"nfs": true,
		// The SMB client (cifs-utils): mounting Windows and Samba shares.
		"cifs": true,
	}
	filesystemWords = map[string]bool{
		"support": true, "supported": true, "filesystem": true, "filesystems": true,
		"file": true, "system": true, "systems": true, "fs": true, "drive": true, "drives": true,
		"disk": true, "disks": true, "partition": true, "partitions": true, "usb": true,
		"stick": true, "sticks": true, "external": true, "read": true, "write": true,
		"mount": true, "mounting": true, "use": true, "access": true, "want": true, "need": true,
		"formatted": true, "windows": true, "like": true,
		"client": true, "share": true, "shares": true, "mounts": true, "network": true, "remote": true,
		"connect": true, "connecting": true,
	}
}

// loadFilesystemsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadFilesystemsTables() {
	nfsClientWords = map[string]bool{"client": true, "support": true, "supported": true, "mount": true, "mounting": true,
		"mounts": true, "access": true, "use": true, "filesystem": true, "filesystems": true, "connect": true, "connecting": true}
}
