module github.com/libchatguard/chatguard/examples/go

go 1.19

require github.com/libchatguard/chatguard/bindings/go v0.0.0

replace github.com/libchatguard/chatguard/bindings/go => ../../bindings/go
