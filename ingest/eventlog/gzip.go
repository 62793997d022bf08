package eventlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// IsGzip reports whether head starts a gzip stream.
func IsGzip(head []byte) bool { return bytes.HasPrefix(head, gzipMagic) }

// GunzipHead is the start of what a gzip-compressed head holds, for
// detection: up to 16 KiB, or nil when it is not gzip.
func GunzipHead(head []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return nil
	}
	inner := make([]byte, 16<<10)
	n, _ := io.ReadFull(zr, inner)
	return inner[:n]
}

// Gunzip returns r decompressed when it is gzip-compressed, else r as it
// is. A stream that ends early or fails its checksum gives an error that
// says so (a file cut short in a download or a copy).
func Gunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	start, _ := br.Peek(2)
	if !bytes.Equal(start, gzipMagic) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("cannot read it as gzip: %w", err)
	}
	return &gunzip{zr}, nil
}

type gunzip struct{ r *gzip.Reader }

// ErrGzipCut is the error of a gzip stream that ends early.
var ErrGzipCut = errors.New("the gzip-compressed data ends early; is the file cut short?")

func (g *gunzip) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		err = ErrGzipCut
	case errors.Is(err, gzip.ErrChecksum):
		err = errors.New("the gzip-compressed data fails its checksum: the file is damaged (copy or download it again)")
	}
	return n, err
}
