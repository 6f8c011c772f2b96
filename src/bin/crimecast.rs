//! Native CLI: `crimecast reference <kind>`, `crimecast forecast`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::Read;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("error: cannot read stdin: {e}");
        std::process::exit(2);
    }
    match crimecast::cli::run(&args, &input) {
        Ok(out) => println!("{out}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
