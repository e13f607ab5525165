package handlers

import (
	"sync"
	"testing"
)

// The category filter's labels are made on every search request, from many goroutines at
// once: a shared cases.Caser (stateful, not safe for concurrent use) panicked with "slice
// bounds out of range" under the cluster load run.
func TestCategoryLabelsUnderConcurrentRequests(t *testing.T) {
	want := categoryOptions()
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs <- "panic: " + toString(r)
				}
			}()
			for i := 0; i < 2000; i++ {
				got := categoryOptions()
				for j := range got {
					if got[j] != want[j] {
						errs <- "label " + got[j].Label + ", want " + want[j].Label
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func toString(v any) string {
	if err, ok := v.(error); ok {
		return err.Error()
	}
	if s, ok := v.(string); ok {
		return s
	}
	return "non-error panic"
}
