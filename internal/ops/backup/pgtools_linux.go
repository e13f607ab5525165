package backup

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes a pg_dump/pg_restore child die when zoe dies (even by SIGKILL), so an
// interrupted restore does not keep loading a database nobody will use.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
