module example.com/consumer

go 1.26

require github.com/clientgen/clientgen v0.0.0

replace github.com/clientgen/clientgen => ../../../..
