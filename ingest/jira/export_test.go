package jira

// Test hooks for the fast path.
var BulkOff = &bulkOff

// BulkMinBytes is the fast path's size threshold; tests set it to 0.
var BulkMinBytes = &bulkMinBytes

// BulkCounts reports how many files the fast path loaded and how many rows
// it left to Go, since the process started.
func BulkCounts() (files, goRows int64) { return bulkFiles.Load(), bulkGoRows.Load() }

// BulkDirect counts the files the fast path inserted straight into tickets.
func BulkDirect() int64 { return bulkDirect.Load() }

// BulkDeclined sets a function that hears why the fast path declined a file.
func BulkDeclined(fn func(why string)) { bulkDeclined = fn }

// BulkTrace sets a function told when each fast-path step starts; the
// function it returns is called when the step ends.
func BulkTrace(fn func(step string) func()) { bulkTrace = fn }
