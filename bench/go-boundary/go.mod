module github.com/libchatguard/chatguard/bench/go-boundary

go 1.19

require github.com/libchatguard/chatguard/bindings/go v0.0.0

replace github.com/libchatguard/chatguard/bindings/go => ../../bindings/go
