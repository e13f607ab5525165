package views

import "strconv"

func i64(n int64) string { return strconv.FormatInt(n, 10) }
