/*
    The platform's adapter for ADL's CATAPULT LMS test suite (lts/), written
    from its lib/lms.template.js. Copy it to lts/lib/lms.custom.js and give
    these in lts/.env (see docs/conformance.md):

        CATAPULT_LMS="./lib/lms.custom.js"
        LMS_URL="http://127.0.0.1:8790"        # the site (SITE_BASE_URL)
        LMS_API_KEY="cmi5k_..."                # manage.py cmi5_api_key USER
        LRS_KEY="..."                          # manage.py create_lrs_client NAME
        LRS_SECRET="..."

    It imports courses through the cmi5 course API (packages/cmi5_views.py),
    asks it for launch URLs, waives AUs and abandons sessions, and reads the
    platform's own LRS at /xapi.
*/
const Wreck = require("@hapi/wreck"),
    {InvalidPackageError} = require("./errors"),
    imported = [];
let api,
    lrsEndpoint,
    lrsKey,
    lrsSecret;

const failure = async (ex, what) => {
    if (ex.isBoom && ex.data && ex.data.payload) {
        const payload = Buffer.isBuffer(ex.data.payload) ? JSON.parse(ex.data.payload.toString()) : ex.data.payload;

        return new Error(`${what} (${ex.output.statusCode}): ${payload.error}`);
    }

    return new Error(`${what}: ${ex}`);
};

const readStream = (stream) => new Promise((resolve, reject) => {
    const chunks = [];

    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
});

module.exports = {
    setup: async () => {
        const base = (process.env.LMS_URL || "").replace(/\/+$/, "");

        if (! base || ! process.env.LMS_API_KEY) {
            throw new Error("LMS_URL and LMS_API_KEY are required in .env");
        }
        api = Wreck.defaults({
            baseUrl: `${base}/content/cmi5/`,
            headers: {Authorization: `Bearer ${process.env.LMS_API_KEY}`},
            json: "force"
        });
        lrsEndpoint = `${base}/xapi`;
        lrsKey = process.env.LRS_KEY;
        lrsSecret = process.env.LRS_SECRET;
    },

    teardown: async () => {},

    getLrsEndpoint: () => lrsEndpoint,

    getLrsAuthHeader: () => `Basic ${Buffer.from(`${lrsKey}:${lrsSecret}`).toString("base64")}`,

    importCourse: async (stream, contentType, filename) => {
        const payload = await readStream(stream);
        let result;

        try {
            result = await api.post("courses/", {
                headers: {"Content-Type": contentType, "X-Filename": filename},
                payload
            });
        }
        catch (ex) {
            if (ex.isBoom && ex.output.statusCode === 400 && ex.data.payload && ex.data.payload.invalidPackage) {
                throw new InvalidPackageError(`Invalid package ${filename}: ${ex.data.payload.error}`);
            }
            throw await failure(ex, `Failed to import ${filename}`);
        }
        imported.push(result.payload.id);

        return result.payload.id;
    },

    getLaunchUrl: async (courseId, auIndex, actor, {registration, launchMode}) => {
        try {
            const result = await api.post(`courses/${courseId}/aus/${auIndex}/launch-url/`, {
                headers: {"Content-Type": "application/json"},
                payload: JSON.stringify({actor, registration, launchMode})
            });

            return result.payload.url;
        }
        catch (ex) {
            throw await failure(ex, "Failed to get a launch URL");
        }
    },

    cleanup: async () => {
        while (imported.length > 0) {
            const courseId = imported.pop();

            try {
                await api.post(`courses/${courseId}/delete/`);
            }
            catch (ex) {
                console.log(`Failed to delete course ${courseId}: ${ex}`);
            }
        }
    },

    hasWaive: () => true,

    waiveAU: async (registration, auIndex, reason) => {
        try {
            await api.post(`registrations/${registration}/aus/${auIndex}/waive/`, {
                headers: {"Content-Type": "application/json"},
                payload: JSON.stringify({reason})
            });
        }
        catch (ex) {
            throw await failure(ex, "Failed to waive the AU");
        }
    },

    hasAbandon: () => true,

    abandonSession: async (sessionId) => {
        try {
            await api.post(`sessions/${sessionId}/abandon/`);
        }
        catch (ex) {
            throw await failure(ex, "Failed to abandon the session");
        }
    }
};
